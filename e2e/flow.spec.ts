import { expect, test, type Page } from "@playwright/test";
import { createAccount, E2E_PASSWORD, signedIn, signInThroughTheForm } from "./accounts";
import { checkLayouts, watchConsole } from "./page-checks";
import { spawnModelServer, type SpawnedModelServer } from "../model-server/process";

/**
 * A day in the studio, by clicks only (no keyboard shortcuts; typing goes only into fields): sign
 * in, create a project, add an endpoint and bind it to every role in one step, upload snippets, run
 * against the scripted model server, watch a discussion stream beside the agents' memories, review
 * by buttons — accept one item, edit one (its tests re-run and pass), reject one with a reason, then
 * bulk-accept the seed pairs on a filter after their count —, cut a version of reviewed items only (the quality gate's options ticked),
 * browse its records, then manage a user and a token and change one's own password. Every page it
 * visits is screenshot at 1440 and 390 px and must fit the phone; no console error anywhere.
 */

const CURATOR = "curator@flow.e2e";
const SLUG = "flow-e2e";
const SNIPPETS = {
  "gcd.py": "def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n",
  "clamp.py": "def clamp(x, lo, hi):\n    return min(hi, max(lo, x))\n",
  "words.py": "def count_words(text):\n    return len(text.split())\n",
  "squares.py": "def sum_of_squares(n):\n    return sum(i * i for i in range(1, n + 1))\n",
};
let modelServer: SpawnedModelServer | undefined;

test.beforeAll(async () => {
  // Slow enough that an answer visibly streams while the discussion page is open.
  // No evolution eliminated: the discussion the page watches must end with its candidate.
  modelServer = await spawnModelServer(["--wrong-rate", "0", "--eliminate-rate", "0", "--tokens-per-second", "50", "--ttft-ms", "50"]);
  createAccount(CURATOR, ["--admin"]);
});

test.afterAll(async () => {
  await modelServer?.stop();
});

const projectNav = (page: Page, section: string) =>
  page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: section, exact: true }).click();

async function studioMenu(page: Page, item: string) {
  await page.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("navigation", { name: "Studio" }).getByRole("link", { name: item }).click();
}

const bar = (page: Page) => page.getByTestId("decision-bar");

test("sign in → project → endpoint for all roles → upload → run → discussion → review by buttons → version of reviewed items → its records → people, a token, a password", async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(480_000);
  const external: string[] = [];
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(baseURL!) && !url.startsWith("data:") && !url.startsWith("blob:")) external.push(url);
  });
  await signedIn(page, CURATOR);
  // From here on: signed in, so no expected 401 of the sign-in page counts.
  const pageConsole = watchConsole(page);

  await test.step("create a project, add an endpoint, bind it to every role in one step", async () => {
    await page.goto("/");
    await checkLayouts(page, testInfo, "home");
    await page.getByTestId("project-new-link").click();
    await page.getByTestId("project-name").fill("Flow E2E");
    await page.getByTestId("project-language-python").check();
    await checkLayouts(page, testInfo, "new-project");
    await page.getByTestId("project-create-submit").click();
    await expect(page).toHaveURL(new RegExp(`/projects/${SLUG}/settings$`));

    await studioMenu(page, "Endpoints");
    await expect(page).toHaveURL(/\/settings\/endpoints$/);
    await page.locator('input[name="name"]').fill("flow-model");
    await page.locator('input[name="baseUrl"]').fill(modelServer!.url);
    await page.locator('input[name="model"]').fill("rosetta-scripted");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const endpoint = page.getByTestId("endpoint-row").filter({ hasText: "flow-model" });
    await expect(endpoint).toBeVisible();
    await endpoint.getByRole("button", { name: "Test connection" }).click();
    await expect(endpoint.getByTestId("endpoint-test-result")).toHaveAttribute("data-ok", "true");
    await checkLayouts(page, testInfo, "endpoints");

    await studioMenu(page, "Projects");
    await page.getByRole("link", { name: "Flow E2E" }).click();
    await projectNav(page, "Settings");
    await page.getByLabel("Use one endpoint for all roles").selectOption({ label: "flow-model (rosetta-scripted)" });
    await page.getByRole("button", { name: "Bind all roles" }).click();
    await expect(page.getByTestId("bindings-message")).toHaveText("Saved.");
    // Debate: each discussion proposes, critiques, revises and concludes, long enough to watch.
    await page.getByTestId("setting-discussion.debate").check();
    await page.getByTestId("protocol-save").click();
    await expect(page.getByTestId("protocol-message")).toContainText("Saved");
  });

  await test.step("upload snippets and start a run", async () => {
    await page
      .getByTestId("snippet-upload-input")
      .setInputFiles(Object.entries(SNIPPETS).map(([name, code]) => ({ name, mimeType: "text/x-python", buffer: Buffer.from(code) })));
    await page.getByTestId("snippet-upload-submit").click();
    await expect(page.getByTestId("upload-summary")).toHaveText("4 snippets imported, 0 skipped.");
    await page.getByTestId("run-limit").fill("4");
    await page.getByTestId("run-start").click();
    await expect(page.getByTestId("run-row").first()).toHaveAttribute("data-status", "RUNNING");
    await checkLayouts(page, testInfo, "settings");
  });

  await test.step("a discussion streams token by token beside the agents' memories", async () => {
    await projectNav(page, "Dashboard");
    // The first discussion is planned once the seeds are made; open it while it is still at work.
    const open = page
      .getByTestId("discussion-row")
      .filter({ hasText: /queued|running/ })
      .first();
    await expect(open).toBeVisible({ timeout: 180_000 });
    await open.getByRole("link").click();
    await expect(page).toHaveURL(/\/discussions\/[0-9a-f-]+$/);
    const text = async () => (await page.getByTestId("turn-text").allTextContents()).join("").length;
    const first = await text();
    await expect.poll(text, { timeout: 60_000 }).toBeGreaterThan(first);
    const second = await text();
    await expect.poll(text, { timeout: 60_000 }).toBeGreaterThan(second);
    await expect(page.getByTestId("discussion-status")).toContainText("SUCCEEDED", { timeout: 120_000 });
    await expect(page.locator('[data-testid="turn"][data-kind="FINAL"]')).toHaveCount(1);
    await expect(page.getByTestId("memory-item").first()).toBeVisible();
    await expect(page.getByTestId("candidate-verification")).toContainText("tests pass");
    await checkLayouts(page, testInfo, "discussion");
  });

  // How many discussions a round forms depends on the seeds kept and the groups drawn; at least three.
  let candidates = 0;
  await test.step("the run finishes with at least three candidates, none decided yet", async () => {
    await projectNav(page, "Settings");
    await expect(page.getByTestId("run-row").first()).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 240_000 });
    await projectNav(page, "Dashboard");
    await expect(page.getByTestId("dashboard-totals")).toContainText(/Candidates[1-9]/);
    candidates = Number(/Candidates(\d+)/.exec((await page.getByTestId("dashboard-totals").textContent()) ?? "")![1]);
    expect(candidates).toBeGreaterThanOrEqual(3);
    await expect(page.getByTestId("language-table").getByRole("row", { name: /python/ })).toContainText("—");
    await checkLayouts(page, testInfo, "dashboard");
    await projectNav(page, "Discussions");
    await expect(page.getByTestId("discussion-list-row").first()).toBeVisible();
    await checkLayouts(page, testInfo, "discussions");
  });

  let seeds = 0;
  await test.step("review by buttons: accept one, edit one (its tests re-run and pass), reject one with a reason", async () => {
    await projectNav(page, "Review");
    await page.getByTestId("filter-source").selectOption("synthesized");
    await expect(page.getByTestId("queue-item")).toHaveCount(candidates);
    await expect(page.getByTestId("claim-mine")).toBeVisible();
    await checkLayouts(page, testInfo, "review");
    await bar(page)
      .getByRole("button", { name: /^Accept/ })
      .click();
    await expect(page.getByTestId("review-message")).toContainText("Accepted");
    await expect(page.getByTestId("queue-item")).toHaveCount(candidates - 1);

    await expect(page.getByTestId("claim-mine")).toBeVisible();
    await bar(page).getByRole("button", { name: /^Edit/ }).click();
    await expect(page.getByTestId("diff-view")).toHaveAttribute("data-editable", "true");
    // A click below the text puts the cursor at its end; typing there is the edit itself.
    await page.locator('[data-testid="diff-view"] .editor.modified .view-lines').click();
    await page.keyboard.type("\n# reviewed in the studio");
    await bar(page).getByRole("button", { name: "Save edit" }).click();
    await expect(page.getByTestId("review-message")).toContainText("Saved revision");
    await expect(page.getByTestId("current-verification")).toHaveText(/^Tests of revision \d+: pass/, { timeout: 90_000 });
    await expect(page.getByTestId("review-message")).not.toContainText("running");
    await expect(page.locator('[data-testid="diff-view"] .line-insert').first()).toBeVisible();
    await expect(page.getByTestId("diff-view")).toContainText("# reviewed in the studio");
    await bar(page)
      .getByRole("button", { name: /^Accept/ })
      .click();
    await expect(page.getByTestId("review-message")).toContainText("Accepted");
    await expect(page.getByTestId("queue-item")).toHaveCount(candidates - 2);

    await expect(page.getByTestId("claim-mine")).toBeVisible();
    await bar(page)
      .getByRole("button", { name: /^Reject/ })
      .click();
    await page.getByLabel("Why reject it?").fill("The problem statement is too vague.");
    await page.getByTestId("decision-prompt").getByRole("button", { name: "Reject" }).click();
    await expect(page.getByTestId("review-message")).toContainText("Rejected");
    await expect(page.getByTestId("queue-item")).toHaveCount(candidates - 3);
  });

  await test.step("bulk-accept the seed pairs on a filter, after their count", async () => {
    await page.getByTestId("filter-source").selectOption("seeds");
    await expect(page.getByTestId("queue-item").first()).toBeVisible();
    seeds = await page.getByTestId("queue-item").count();
    await page.getByRole("button", { name: "Accept all matching…" }).click();
    await expect(page.getByTestId("bulk-count")).toContainText(`${seeds} item(s) would be accepted, of ${seeds} matching`);
    await page.getByRole("button", { name: `Accept ${seeds} item(s)` }).click();
    await expect(page.getByTestId("review-message")).toContainText(`Accepted ${seeds} item(s) in one action`);
    await expect(page.getByTestId("queue-item")).toHaveCount(0);
  });

  const accepted = () => 2 + seeds;
  await test.step("cut a version of reviewed items and browse its records", async () => {
    await projectNav(page, "Datasets");
    const form = page.getByTestId("cut-version-form");
    await form.getByLabel("Tag").fill("v1");
    // The scripted model answers from the snippet, so a snippet's Ds1, Ds2 and discussion item are
    // one task: near-duplicates the default cut would thin out; and decontamination flags some of its
    // items for these classic tasks as overlapping benchmark problems (the default cut is
    // e2e/quality-gate.spec.ts). This version takes every reviewed item.
    await form.getByLabel(/Include contaminated items/).check();
    await form.getByLabel(/Keep near-duplicates/).check();
    await form.getByRole("button", { name: "Cut version" }).click();
    const version = page.locator('[data-testid="version-row"][data-tag="v1"]');
    await expect(version).toHaveAttribute("data-status", "READY", { timeout: 60_000 });
    // Accepted items only: the rejected one and the unreviewed ones stay out.
    await expect(version.getByTestId("version-items")).toHaveText(`${accepted()} items`);
    await expect(version.getByTestId("version-removed")).toHaveText("nothing removed");
    await checkLayouts(page, testInfo, "datasets");
    await version.getByTestId("version-link").click();
    await expect(page.getByTestId("version-unreviewed")).toHaveText("(all accepted)");
    await checkLayouts(page, testInfo, "version");
    await page.getByRole("link", { name: `Browse the ${accepted()} records →` }).click();
    await expect(page.getByTestId("record-row")).toHaveCount(accepted());
    // The edited item is in as a person's edit, its solution the edited one.
    const edited = page.getByTestId("record-row").filter({ hasText: "Human edits" });
    await expect(edited).toHaveCount(1);
    await edited.getByRole("button").first().click();
    await expect(page.getByTestId("record-detail")).toContainText("# reviewed in the studio");
    await checkLayouts(page, testInfo, "records");
  });

  await test.step("the dashboard counts the decisions", async () => {
    await projectNav(page, "Dashboard");
    await expect(page.getByTestId("language-table").getByRole("row", { name: /python/ })).toContainText("67%");
  });

  await test.step("people: add a user, make and revoke a token, change one's own password", async () => {
    await studioMenu(page, "People");
    await page.getByLabel("Email").fill("newcomer@flow.e2e");
    await page.getByLabel("Name").fill("New Comer");
    await page.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByTestId("new-user-password")).toHaveText(/^\S{20}$/);
    await expect(page.getByTestId("user-row").filter({ hasText: "newcomer@flow.e2e" })).toBeVisible();
    await checkLayouts(page, testInfo, "people");

    await studioMenu(page, "My tokens");
    await page.getByLabel("Token name").fill("flow bot");
    await page.getByLabel("Token role").selectOption("viewer");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByTestId("new-token-secret")).toHaveText(/^rst_\S+$/);
    const token = page.getByTestId("token-row").filter({ hasText: "flow bot" });
    await expect(token.getByTestId("token-state")).toHaveText("active");
    await token.getByRole("button", { name: "Revoke flow bot" }).click();
    await expect(token.getByTestId("token-state")).toHaveText("revoked");
    await checkLayouts(page, testInfo, "tokens");

    await studioMenu(page, "My account");
    await page.getByLabel("Current password").fill(E2E_PASSWORD);
    await page.getByLabel(/^New password/).fill("a new password for the flow");
    await page.getByLabel("Repeat the new password").fill("a new password for the flow");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByTestId("password-changed")).toBeVisible();
    await checkLayouts(page, testInfo, "account");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await signInThroughTheForm(page, CURATOR, "a new password for the flow");
    await expect(page.getByTestId("session-bar")).toContainText(CURATOR);
  });

  pageConsole.expectNone();
  expect(external, "the studio must not load anything from the internet").toEqual([]);
});
