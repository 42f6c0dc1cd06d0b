import { spawnSync } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signInThroughTheForm } from "./accounts";
import { E2E_PORT } from "./config";
import { checkLayouts, watchConsole } from "./page-checks";
import { alive, describeProcess, descendants, startStudio, waitForReady, type Studio } from "./studio-process";

// A studio of its own, empty (the shared one holds other specs' projects), on its own port and data.
const PORT = E2E_PORT + 4;
const BASE = `http://127.0.0.1:${PORT}`;
const EMAIL = "newcomer@demo.e2e";
const PASSWORD = "demo password, long enough";

let dataDir = "";
let studio: Studio | undefined;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = await mkdtemp(path.join(os.tmpdir(), "rosetta-demo-"));
  await chmod(dataDir, 0o755); // as root, the server runs as the postgres user, who must reach its folder
  studio = startStudio({ PORT: String(PORT), ROSETTA_DATA_DIR: dataDir });
  await waitForReady(studio);
  const created = spawnSync(process.execPath, ["bin/rosetta.js", "user", "create", "--email", EMAIL, "--admin"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: { ...process.env, DATABASE_URL: "", ROSETTA_DATA_DIR: dataDir },
    input: `${PASSWORD}\n`,
    encoding: "utf8",
  });
  expect(created.status, created.stderr).toBe(0);
});

test.afterAll(async () => {
  if (studio?.process.exitCode === null) {
    studio.process.kill("SIGTERM");
    await studio.exit;
  }
  await rm(dataDir, { recursive: true, force: true });
});

test("a newcomer tries the demo from the empty studio and watches agents discuss on the scripted model", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.goto(`${BASE}/sign-in`);
  await signInThroughTheForm(page, EMAIL, PASSWORD);
  await expect(page.getByTestId("session-bar")).toContainText(EMAIL);
  const console = watchConsole(page);

  await expect(page.getByTestId("projects-empty")).toBeVisible();
  await checkLayouts(page, testInfo, "home-empty");
  await page.getByRole("button", { name: "Try a demo project" }).click();

  await expect(page).toHaveURL(`${BASE}/projects/demo`, { timeout: 60_000 });
  const callout = page.getByTestId("demo-callout");
  await expect(callout).toContainText("Scripted demo model — no language model inside");
  // Its snippets are HumanEval-X: the callout says they are flagged and what a cut does with them.
  await expect(callout.getByTestId("demo-contamination")).toContainText("HumanEval-X benchmark problems");
  await expect(callout.getByRole("link", { name: "Model roles in this project's settings" })).toHaveAttribute(
    "href",
    "/projects/demo/settings",
  );
  // The run goes seed → agents → discuss on the studio's worker; discussions show up as they start.
  const discussion = page.getByTestId("discussion-row").first();
  await expect(discussion).toBeVisible({ timeout: 150_000 });
  await checkLayouts(page, testInfo, "demo-dashboard");

  await discussion.getByRole("link").click();
  await expect(page).toHaveURL(/\/discussions\//);
  await expect(page.getByTestId("scripted-label")).toBeVisible();
  // Turns arrive: the proposal, then the critique (a debate), each with its agent and language.
  const turns = page.locator('[data-testid="turn"]:not([data-kind="PROMPT"])');
  await expect.poll(() => turns.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await checkLayouts(page, testInfo, "demo-discussion");

  await page.goBack();
  await page.getByTestId("demo-callout").getByRole("link", { name: "Endpoints" }).click();
  await expect(page.getByTestId("endpoint-row").filter({ has: page.getByTestId("scripted-label") })).toHaveCount(1);
  console.expectNone();

  // The scripted server is the studio's: it ends with it, like every other process the studio started.
  const processes = descendants(studio!.process.pid!);
  expect(processes.map(describeProcess).some((p) => p.includes("model-server"))).toBe(true);
  studio!.process.kill("SIGTERM");
  expect(await studio!.exit).toBe(0);
  await expect.poll(() => processes.filter(alive).map(describeProcess), { message: "processes left behind", timeout: 10_000 }).toEqual([]);
});
