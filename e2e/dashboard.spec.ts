import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { fixtureAccount, rosettaCli, signedIn } from "./accounts";
import { studioDatabaseUrl } from "./config";

const SLUG = "charts-e2e";
let runId = "";

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: studioDatabaseUrl() });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

test.beforeAll(async () => {
  // A project as an operator makes one (the import creates it), then a run's state written as the
  // worker would leave it half-way: no model needed to see the charts.
  const dir = mkdtempSync(path.join(os.tmpdir(), "rosetta-e2e-charts-"));
  const file = path.join(dir, "snippets.jsonl");
  writeFileSync(
    file,
    ["def a():\n    return 1\n", "function b() { return 2; }\n"]
      .map((code, i) => JSON.stringify({ code, language: i ? "javascript" : "python", path: `s${i}` }))
      .join("\n") + "\n",
  );
  rosettaCli(["import", file, "--project", SLUG]);
  await fixtureAccount("charts@dash.e2e", { admin: true });
});

test.beforeAll(async () => {
  const [project] = await sql<{ id: string }>(`select id from projects where slug = $1`, [SLUG]);
  const [run] = await sql<{ id: string }>(
    `insert into synthesis_runs (id, project_id, stages, stage, settings, updated_at) values (uuidv7(), $1, '{SEED,AGENTS,DISCUSS}', 'AGENTS', '{}', now()) returning id`,
    [project!.id],
  );
  runId = run!.id;
  // A running run has a job on the queue; without one the worker's backstop (nudgeIdleRuns) would
  // enqueue its advance, which would dispatch item y and work it while the page is read.
  await sql(
    `select graphile_worker.add_job('synthesis.advance', json_build_object('runId', $1::text), job_key => 'e2e-dashboard:' || $1, run_at => now() + interval '1 day')`,
    [runId],
  );
  await sql(
    `insert into run_items (id, run_id, stage, item_key, status, reason, updated_at)
     select uuidv7(), $1, stage::run_stage, key, status::run_item_status, reason, now()
       from (values ('SEED', uuidv7()::text, 'DONE', null), ('SEED', uuidv7()::text, 'FAILED', 'the scorer returned broken JSON'), ('AGENTS', 'x', 'RUNNING', null), ('AGENTS', 'y', 'QUEUED', null)) v(stage, key, status, reason)`,
    [runId],
  );
  await sql(
    `insert into candidates (id, project_id, language, verification_status, review_status, updated_at)
     values (uuidv7(), $1, 'python', 'PASS', 'ACCEPTED', now()), (uuidv7(), $1, 'python', 'FAIL', 'REJECTED', now()), (uuidv7(), $1, 'javascript', 'PASS', 'PENDING', now())`,
    [project!.id],
  );
  await sql(
    `insert into llm_calls (id, project_id, run_id, role, model, stage, language, prompt_tokens, completion_tokens, latency_ms, cost_usd)
     values (uuidv7(), $1, $2, 'SCORER', 'm', 'seed-score', 'python', 1200, 300, 10, 0.002), (uuidv7(), $1, $2, 'AGENT', 'm', 'discussion', 'python', 5000, 2000, 10, 0.01)`,
    [project!.id, runId],
  );
});

test("the dashboard draws its charts from the project's state and follows a running run", async ({ page, baseURL }, testInfo) => {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => void (message.type() === "error" && problems.push(message.text())));
  page.on(
    "request",
    (request) =>
      void (
        !request.url().startsWith(baseURL!) &&
        !request.url().startsWith("data:") &&
        problems.push(`external request: ${request.url()}`)
      ),
  );
  await signedIn(page, "charts@dash.e2e");
  await page.goto(`/projects/${SLUG}`);

  const progress = page.getByTestId("chart-stage-progress");
  await expect(progress).toContainText("running, on agents");
  // SEED: done + failed; AGENTS: running + queued → four bar segments.
  await expect(progress.locator(".recharts-bar-rectangle path")).toHaveCount(4);
  await expect(page.getByTestId("chart-language-counts").locator(".recharts-bar-rectangle path").first()).toBeVisible();
  await expect(page.getByTestId("chart-language-counts")).toContainText("javascript");
  await expect(page.getByTestId("chart-language-rates").locator(".recharts-bar-rectangle path").first()).toBeVisible();
  const usage = page.getByTestId("chart-usage");
  await expect(usage.locator(".recharts-bar-rectangle path")).toHaveCount(2); // one day: prompt + completion
  await usage.getByRole("button", { name: "per stage" }).click();
  await expect(usage).toContainText("seed-score");
  await expect(usage.locator(".recharts-bar-rectangle path")).toHaveCount(4); // two stages
  // Long reasons wrap inside the chart (SVG text per line); the whole reason is listed below it.
  await expect(page.getByTestId("chart-failures").locator(".recharts-bar-rectangle path")).toHaveCount(1);
  await expect(page.getByTestId("chart-failures")).toContainText("broken JSON");
  // A run losing items cannot be missed: a banner at the top, its share and reasons, while it runs.
  const banner = page.getByTestId("run-failures-banner");
  await expect(banner).toContainText("1 of 4 items failed (25%)");
  await expect(banner.getByTestId("run-failure-reason")).toContainText("1 × seed pairs: the scorer returned broken JSON");
  // The totals and the table the other specs read are still there.
  await expect(page.getByTestId("dashboard-totals")).toContainText("Candidates3");
  await expect(page.getByTestId("language-table")).toContainText("python");

  // The run moves on while the page is open: the chart follows without a reload.
  await sql(`update run_items set status = 'DONE' where run_id = $1 and item_key = 'x'`, [runId]);
  await sql(`update run_items set status = 'FAILED', reason = 'the agent timed out' where run_id = $1 and item_key = 'y'`, [runId]);
  await sql(`update synthesis_runs set stage = null, status = 'FAILED' where id = $1`, [runId]);
  await sql(`select graphile_worker.remove_job('e2e-dashboard:' || $1)`, [runId]);
  await expect(progress).toContainText("(failed)", { timeout: 15_000 });
  await expect(page.getByTestId("chart-failures").locator(".recharts-bar-rectangle path")).toHaveCount(2, { timeout: 15_000 });
  await expect(page.getByTestId("chart-failures")).toContainText("timed out");
  await expect(banner).toHaveAttribute("data-status", "FAILED");

  // Finished, with some items lost: said in words and in the warning colour, the share and reasons beside the run.
  await sql(`update synthesis_runs set status = 'FINISHED_WITH_FAILURES' where id = $1`, [runId]);
  await expect(progress).toContainText("(finished with failures)", { timeout: 15_000 });
  await expect(banner).toContainText("The latest run finished with failures: 2 of 4 items failed (50%).");
  const row = page
    .getByTestId("run-row")
    .filter({ has: page.locator('[data-status="FINISHED_WITH_FAILURES"]') })
    .first();
  await expect(row.getByTestId("run-status")).toHaveText("⚠ finished with failures");
  await expect(row.getByTestId("run-failure-share")).toContainText("seed pairs 1/2 · agents 1/2");
  await expect(row.getByTestId("run-failure-reason")).toHaveCount(2);
  await testInfo.attach("dashboard", {
    body: await page.screenshot({ fullPage: true, path: testInfo.outputPath("dashboard.png") }),
    contentType: "image/png",
  });
  expect(problems).toEqual([]);
});
