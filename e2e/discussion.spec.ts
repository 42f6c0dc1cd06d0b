import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { fixtureAccount, rosettaCli, signedIn } from "./accounts";
import { studioDatabaseUrl } from "./config";
import { checkLayouts, watchConsole } from "./page-checks";
import { spawnModelServer, type SpawnedModelServer } from "../model-server/process";

let modelServer: SpawnedModelServer | undefined;
let discussionId = "";

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // The scripted model server, slow enough that an answer visibly streams and the discussion (about
  // 1,100 tokens) still runs when the page opens after the sign-in.
  // No evolution eliminated: the discussion the page watches must end with its candidate.
  modelServer = await spawnModelServer(["--wrong-rate", "0", "--eliminate-rate", "0", "--tokens-per-second", "30", "--ttft-ms", "50"]);
  const url = modelServer.url;
  const dir = mkdtempSync(path.join(os.tmpdir(), "rosetta-e2e-"));
  const snippets = path.join(dir, "snippets.jsonl");
  writeFileSync(
    snippets,
    JSON.stringify({ code: "def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n", language: "python", path: "gcd.py" }) +
      "\n",
  );
  rosettaCli(["import", snippets, "--project", "live-e2e"]);
  rosettaCli(["project", "settings", "--project", "live-e2e", "--set", "discussion.debate=true"]);
  rosettaCli(["endpoint", "add", "--name", "e2e-model", "--base-url", url, "--model", "rosetta-scripted"]);
  rosettaCli(["run", "--project", "live-e2e", "--endpoint", "e2e-model", "--limit", "1", "--no-follow"]);
  await fixtureAccount("watcher@live.e2e", { admin: true });
  // The studio's worker takes it from here; wait for the discussion to be planned.
  const db = new pg.Client({ connectionString: studioDatabaseUrl() });
  await db.connect();
  try {
    await expect
      .poll(
        async () =>
          (
            await db.query<{ id: string }>(
              `select d.id from discussions d join projects p on p.id = d.project_id where p.slug = 'live-e2e'`,
            )
          ).rows[0]?.id ?? "",
        { timeout: 150_000, intervals: [200] },
      )
      .not.toBe("");
    discussionId = (
      await db.query<{ id: string }>(`select d.id from discussions d join projects p on p.id = d.project_id where p.slug = 'live-e2e'`)
    ).rows[0]!.id;
  } finally {
    await db.end();
  }
});

test.afterAll(async () => {
  await modelServer?.stop();
});

test("a discussion streams live, token by token, beside the agents' memories", async ({ page }, testInfo) => {
  await signedIn(page, "watcher@live.e2e");
  await page.goto(`/discussions/${discussionId}`);
  const text = async () => (await page.getByTestId("turn-text").allTextContents()).join("").length;
  // The text grows while the page is open (pieces arrive before their turn is stored).
  const first = await text();
  await expect.poll(text, { timeout: 30_000 }).toBeGreaterThan(first);
  const second = await text();
  await expect.poll(text, { timeout: 30_000 }).toBeGreaterThan(second);
  await expect(page.getByTestId("discussion-status")).toContainText("SUCCEEDED", { timeout: 120_000 });
  // Every answer ends up labelled with its kind; the participants' memories are there.
  await expect(page.locator('[data-testid="turn"][data-kind="PROPOSAL"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="turn"][data-kind="FINAL"]')).toHaveCount(1);
  await expect(page.getByTestId("agent-memory")).toHaveCount(2);
  await expect(page.getByTestId("memory-item").first()).toBeVisible();
  await expect(page.getByTestId("candidate-verification")).toContainText("tests pass");
  await testInfo.attach("discussion view", {
    body: await page.screenshot({ fullPage: true, path: testInfo.outputPath("discussion.png") }),
    contentType: "image/png",
  });

  // The project's dashboard counts it, and leads back to it.
  await page.goto("/");
  await page.getByRole("link", { name: "live-e2e" }).click();
  await expect(page.getByTestId("dashboard-totals")).toContainText("Discussions1");
  await expect(page.getByTestId("language-table")).toContainText("python");
  await page.getByTestId("discussion-row").getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/discussions/${discussionId}$`));
});

test("an agent's memory timeline opens from the discussion's participants, and the prompt's memory samples are listed", async ({
  page,
}, testInfo) => {
  const console = watchConsole(page);
  await signedIn(page, "watcher@live.e2e");
  await page.goto(`/discussions/${discussionId}`);
  await expect(page.getByTestId("discussion-status")).toContainText("SUCCEEDED", { timeout: 120_000 });
  // The proposal prompt's [Memory] block held the author's seed.
  await expect(page.getByTestId("prompt-memory")).toContainText("Sample 1 (python)");
  await checkLayouts(page, testInfo, "discussion-memory");
  await page.getByTestId("agent-memory").first().getByRole("link", { name: "Memory timeline" }).click();
  await expect(page).toHaveURL(/\/projects\/live-e2e\/agents\/[0-9a-f-]+$/);
  await expect(page.getByTestId("agent-summary")).toContainText("1 discussion ·");
  // The seed entered first; the discussion's offer (inserted, or rejected as too similar) is round 1.
  await expect(page.getByRole("heading", { name: "Seed" })).toBeVisible();
  await expect(page.getByTestId("memory-event").first()).toHaveAttribute("data-kind", "INSERTED");
  await checkLayouts(page, testInfo, "agent-memory");
  console.expectNone();
});

test("the review queue is keyboard-first: ? shows the keys, e edits in the diff editor and the tests re-run, a accepts", async ({
  page,
  baseURL,
}) => {
  const external: string[] = [];
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(baseURL!) && !url.startsWith("data:") && !url.startsWith("blob:")) external.push(url);
  });
  await signedIn(page, "watcher@live.e2e");
  await page.goto("/projects/live-e2e");
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Review" }).click();
  // The run's kept seed pairs are in the queue too: the agents' item is the one this test is about.
  await page.getByTestId("filter-source").selectOption("synthesized");
  await expect(page.getByTestId("queue-item")).toHaveCount(1);
  await expect(page.getByTestId("review-detail")).toContainText("Revision");
  // Monaco's diff editor, bundled with the studio: nothing is fetched from the internet.
  await expect(page.locator('[data-testid="diff-view"] .monaco-diff-editor')).toBeVisible();
  await page.keyboard.press("?");
  await expect(page.getByTestId("review-keys")).toContainText("accept");
  // e: edit in the diff editor; saving makes revision 2 and its tests run again, shown inline.
  await page.keyboard.press("e");
  await expect(page.getByTestId("diff-view")).toHaveAttribute("data-editable", "true");
  await page.locator('[data-testid="diff-view"] .editor.modified .view-lines').click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.getByTestId("save-revision").click();
  await expect(page.getByTestId("review-message")).toContainText("Saved revision 2");
  await expect(page.getByTestId("current-verification")).toHaveText(/^Tests of revision 2: pass/, { timeout: 60_000 });
  await expect(page.locator('[data-testid="diff-view"] .line-insert').first()).toBeVisible();
  await page.keyboard.press("a");
  await expect(page.getByTestId("review-message")).toContainText("Accepted");
  await expect(page.getByText("Nothing to review with these filters.")).toBeVisible();
  await page.goto("/projects/live-e2e");
  await expect(page.getByTestId("language-table")).toContainText("100%");
  expect(external, "the studio must not load anything from the internet").toEqual([]);
});
