import { expect, test } from "@playwright/test";
import { createAccount, signedIn } from "./accounts";
import { spawnModelServer, type SpawnedModelServer } from "../model-server/process";

/**
 * A day in the studio, through its pages only: sign in, create a project, upload snippets, run it
 * against the scripted model server, watch a discussion stream beside the agents' memories, then
 * review — accept one item, edit one (the diff shows the change, its tests re-run and pass), reject
 * one — and see the dashboard's counts move.
 */

const CURATOR = "curator@flow.e2e";
const ROLES = ["instruction_generator", "response_generator", "agent", "scorer", "test_writer"];
const SNIPPETS = {
  "gcd.py": "def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n",
  "clamp.py": "def clamp(x, lo, hi):\n    return min(hi, max(lo, x))\n",
  "words.py": "def count_words(text):\n    return len(text.split())\n",
  "squares.py": "def sum_of_squares(n):\n    return sum(i * i for i in range(1, n + 1))\n",
};
let modelServer: SpawnedModelServer | undefined;

test.beforeAll(async () => {
  // Slow enough that an answer visibly streams while the discussion page is open.
  modelServer = await spawnModelServer(["--wrong-rate", "0", "--tokens-per-second", "50", "--ttft-ms", "50"]);
  createAccount(CURATOR, ["--admin"]);
});

test.afterAll(async () => {
  await modelServer?.stop();
});

test("sign in → create a project → upload → run → watch a discussion → accept, edit, reject → the dashboard moves", async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(420_000);
  const external: string[] = [];
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(baseURL!) && !url.startsWith("data:") && !url.startsWith("blob:")) external.push(url);
  });
  await signedIn(page, CURATOR);

  await test.step("create a project with an endpoint bound to every role", async () => {
    await page.goto("/");
    await page.getByTestId("project-new-link").click();
    await page.getByTestId("project-name").fill("Flow E2E");
    await page.getByTestId("project-language-python").check();
    await page.getByTestId("project-create-submit").click();
    await expect(page).toHaveURL(/\/projects\/flow-e2e\/settings$/);

    await page.goto("/settings/endpoints");
    await page.locator('input[name="name"]').fill("flow-model");
    await page.locator('input[name="baseUrl"]').fill(modelServer!.url);
    await page.locator('input[name="model"]').fill("rosetta-scripted");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByTestId("endpoint-row").filter({ hasText: "flow-model" })).toBeVisible();

    await page.goto("/projects/flow-e2e/settings");
    for (const role of ROLES) await page.getByTestId(`binding-select-${role}`).selectOption({ label: "flow-model (rosetta-scripted)" });
    await page.getByTestId("bindings-save").click();
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
  });

  await test.step("a discussion streams token by token beside the agents' memories", async () => {
    await page.goto("/projects/flow-e2e");
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
    await testInfo.attach("discussion view", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  });

  // How many discussions a round forms depends on the seeds kept and the groups drawn; at least three.
  let candidates = 0;
  await test.step("the run finishes with at least three candidates, none decided yet", async () => {
    await page.goto("/projects/flow-e2e/settings");
    await expect(page.getByTestId("run-row").first()).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 240_000 });
    await page.goto("/projects/flow-e2e");
    await expect(page.getByTestId("dashboard-totals")).toContainText(/Candidates[1-9]/);
    candidates = Number(/Candidates(\d+)/.exec((await page.getByTestId("dashboard-totals").textContent()) ?? "")![1]);
    expect(candidates).toBeGreaterThanOrEqual(3);
    await expect(page.getByTestId("language-table").getByRole("row", { name: /python/ })).toContainText("—");
  });

  await test.step("review: accept one, edit one (the diff shows it, the tests re-run and pass), reject one", async () => {
    await page.goto("/projects/flow-e2e/review");
    await expect(page.getByTestId("queue-item")).toHaveCount(candidates);
    await expect(page.getByTestId("claim-mine")).toBeVisible();
    await page.keyboard.press("a");
    await expect(page.getByTestId("review-message")).toContainText("Accepted");
    await expect(page.getByTestId("queue-item")).toHaveCount(candidates - 1);

    await expect(page.getByTestId("claim-mine")).toBeVisible();
    await page.keyboard.press("e");
    await expect(page.getByTestId("diff-view")).toHaveAttribute("data-editable", "true");
    await page.locator('[data-testid="diff-view"] .editor.modified .view-lines').click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("# reviewed in the studio");
    await page.getByTestId("save-revision").click();
    await expect(page.getByTestId("review-message")).toContainText("Saved revision");
    await expect(page.getByTestId("current-verification")).toHaveText(/^Tests of revision \d+: pass/, { timeout: 90_000 });
    await expect(page.locator('[data-testid="diff-view"] .line-insert').first()).toBeVisible();
    await expect(page.getByTestId("diff-view")).toContainText("# reviewed in the studio");
    await testInfo.attach("review diff", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
    await page.keyboard.press("a");
    await expect(page.getByTestId("review-message")).toContainText("Accepted");
    await expect(page.getByTestId("queue-item")).toHaveCount(candidates - 2);

    await expect(page.getByTestId("claim-mine")).toBeVisible();
    await page.keyboard.press("r");
    await page.getByTestId("reject-reason").fill("The problem statement is too vague.");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("review-message")).toContainText("Rejected");
    await expect(page.getByTestId("queue-item")).toHaveCount(candidates - 3);
  });

  await test.step("the dashboard counts the decisions", async () => {
    await page.goto("/projects/flow-e2e");
    await expect(page.getByTestId("language-table").getByRole("row", { name: /python/ })).toContainText("67%");
  });

  expect(external, "the studio must not load anything from the internet").toEqual([]);
});
