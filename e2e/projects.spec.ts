import { expect, test } from "@playwright/test";
import { fixtureAccount, signedIn } from "./accounts";
import { checkLayouts, watchConsole } from "./page-checks";
import { spawnModelServer, type SpawnedModelServer } from "../model-server/process";

/**
 * The projects screen end to end: an admin creates a project in the studio, adds an endpoint for
 * the scripted model server, binds every role to it and tests the connection, sets the protocol,
 * uploads snippet files and sees what happened to each, then starts a run, pauses it, resumes it
 * and sees it finish — all through the pages, against the real studio and its worker.
 */

const ADMIN = "admin@projects.e2e";
const ROLES = ["instruction_generator", "response_generator", "agent", "scorer", "test_writer", "policy"];
let modelServer: SpawnedModelServer | undefined;

test.beforeAll(async () => {
  // Slow enough that the run is caught while it works (about a second an answer).
  modelServer = await spawnModelServer(["--wrong-rate", "0", "--tokens-per-second", "150", "--ttft-ms", "50"]);
  await fixtureAccount(ADMIN, { admin: true });
});

test.afterAll(async () => {
  await modelServer?.stop();
});

test("create a project, bind its roles, set the protocol, upload snippets, run it with a pause", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await signedIn(page, ADMIN);

  // Create the project from the home page's project list.
  await page.goto("/");
  await page.getByTestId("project-new-link").click();
  await page.getByTestId("project-name").fill("Projects E2E");
  await expect(page.getByTestId("project-slug")).toHaveValue("projects-e2e");
  await page.getByTestId("project-language-python").check();
  await page.getByTestId("project-language-javascript").check();
  await page.getByTestId("project-create-submit").click();
  await expect(page).toHaveURL(/\/projects\/projects-e2e\/settings$/);
  await expect(page.getByTestId("project-settings")).toBeVisible();

  // An endpoint profile for the scripted model server (the endpoints page).
  await page.goto("/settings/endpoints");
  await page.locator('input[name="name"]').fill("projects-e2e-model");
  await page.locator('input[name="baseUrl"]').fill(modelServer!.url);
  await page.locator('input[name="model"]').fill("rosetta-scripted");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByTestId("endpoint-row").filter({ hasText: "projects-e2e-model" })).toBeVisible();

  // Every role bound to it; the connection tested, with its latency.
  await page.goto("/projects/projects-e2e/settings");
  // The policy role says what it is for: the model being trained, sampled by DPO.
  await expect(page.getByTestId("binding-note-policy")).toContainText("DPO stage samples");
  for (const role of ROLES)
    await page.getByTestId(`binding-select-${role}`).selectOption({ label: "projects-e2e-model (rosetta-scripted)" });
  await page.getByTestId("bindings-save").click();
  await expect(page.getByTestId("bindings-message")).toHaveText("Saved.");
  await page.getByTestId("binding-test-agent").click();
  await expect(page.getByTestId("binding-test-result-agent")).toHaveAttribute("data-ok", "true");
  await expect(page.getByTestId("binding-test-result-agent")).toContainText(/✔ \d+ ms/);

  // The protocol form names a bad field beside it and sends nothing; a good value saves.
  await page.getByTestId("setting-memory.similarityThreshold").fill("2");
  await page.getByTestId("protocol-save").click();
  await expect(page.getByTestId("field-error-memory.similarityThreshold")).toBeVisible();
  await page.getByTestId("setting-memory.similarityThreshold").fill("0.7");
  await page.getByTestId("setting-memory.capacity").fill("4");
  await page.getByTestId("protocol-save").click();
  await expect(page.getByTestId("protocol-message")).toContainText("Saved");
  await expect(page.getByTestId("field-error-memory.similarityThreshold")).toHaveCount(0);

  // Snippet files, with a result each: imported, a duplicate, not code.
  const gcd = "def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n";
  await page.getByTestId("snippet-upload-input").setInputFiles([
    { name: "gcd.py", mimeType: "text/x-python", buffer: Buffer.from(gcd) },
    {
      name: "clamp.js",
      mimeType: "text/javascript",
      buffer: Buffer.from("function clamp(x, lo, hi) {\n  return Math.min(hi, Math.max(lo, x));\n}\n"),
    },
    { name: "gcd-copy.py", mimeType: "text/x-python", buffer: Buffer.from(gcd) },
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not code") },
  ]);
  await page.getByTestId("snippet-upload-submit").click();
  await expect(page.getByTestId("upload-summary")).toHaveText("2 snippets imported, 2 skipped.");
  await expect(page.getByTestId("upload-result")).toHaveCount(4);
  await expect(page.locator('[data-testid="upload-result"][data-file="gcd.py"]')).toHaveAttribute("data-imported", "1");
  await expect(page.locator('[data-testid="upload-result"][data-file="clamp.js"]')).toHaveAttribute("data-imported", "1");
  await expect(page.locator('[data-testid="upload-result"][data-file="gcd-copy.py"]')).toContainText("1 duplicate");
  await expect(page.locator('[data-testid="upload-result"][data-file="notes.txt"] [data-testid="upload-skip"]')).toHaveAttribute(
    "data-reason",
    "not-code",
  );

  // A run: started, paused (it says so and waits), resumed, finished. The independent check is on by default.
  await expect(page.getByRole("checkbox", { name: "solve", exact: true })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "DPO", exact: true })).not.toBeChecked();
  await page.getByTestId("run-limit").fill("2");
  await page.getByTestId("run-start").click();
  const run = page.getByTestId("run-row").first();
  await expect(run).toHaveAttribute("data-status", "RUNNING");
  await run.getByTestId("run-pause").click();
  await expect(run).toHaveAttribute("data-status", "PAUSED");
  await expect(run.getByTestId("run-status")).toHaveText("paused");
  await expect(run.getByTestId("run-pause")).toHaveCount(0);
  await run.getByTestId("run-resume").click();
  await expect(run).not.toHaveAttribute("data-status", "PAUSED");
  await expect(run).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 240_000 });
  // A seed item is a (snippet, kind) pair: two snippets, four pairs.
  await expect(run.getByTestId("run-progress-SEED")).toContainText("4/4");
  await expect(run.getByTestId("run-cancel")).toHaveCount(0);

  // A preset: the xCoder paper's values fill the fields the project left to the defaults; its own values are marked as overrides.
  const pageProblems = watchConsole(page);
  await page.getByRole("radio", { name: "xCoder paper" }).check();
  await expect(page.getByTestId("setting-discussion.rounds")).toHaveValue("3");
  await expect(page.getByTestId("override-memory.capacity")).toContainText("overrides xCoder paper: 8 → 4");
  await page.getByTestId("override-reset-memory.capacity").click();
  await expect(page.getByTestId("setting-memory.capacity")).toHaveValue("8");
  await expect(page.getByTestId("override-memory.capacity")).toHaveCount(0);
  await page.getByText("What xCoder paper sets").click();
  await expect(page.getByTestId("preset-values")).toContainText("dpo.samples = 128");
  await page.getByTestId("protocol-save").click();
  await expect(page.getByTestId("protocol-message")).toContainText("Saved");
  await page.reload();
  await expect(page.getByRole("radio", { name: "xCoder paper" })).toBeChecked();
  await expect(page.getByTestId("override-memory.similarityThreshold")).toContainText("overrides xCoder paper: 0.6 → 0.7");
  await checkLayouts(page, testInfo, "project-settings-preset");
  pageProblems.expectNone();

  // An existing instruction set as seed pairs: a good record imported, a bad line reported by its number.
  const pageConsole = watchConsole(page);
  await page.getByRole("radio", { name: "Instruction pairs" }).click();
  await page.getByTestId("snippet-upload-input").setInputFiles([
    {
      name: "pairs.jsonl",
      mimeType: "application/jsonl",
      buffer: Buffer.from(
        `${JSON.stringify({
          messages: [
            { role: "user", content: "Write a Python function that triples a number." },
            { role: "assistant", content: "```python\ndef triple(x):\n    return 3 * x\n```" },
          ],
        })}\n{"prompt": 1}\n`,
      ),
    },
  ]);
  await page.getByTestId("snippet-upload-submit").click();
  await expect(page.getByTestId("upload-summary")).toHaveText("1 instruction pair imported, 1 skipped.");
  await expect(page.locator('[data-testid="upload-result"][data-file="pairs.jsonl"] [data-testid="upload-skip"]')).toContainText(
    "unknown-shape: 1 — pairs.jsonl:2",
  );
  await checkLayouts(page, testInfo, "instruction-upload");
  pageConsole.expectNone();
});
