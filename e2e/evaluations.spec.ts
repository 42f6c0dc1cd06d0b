import { expect, test } from "@playwright/test";
import pg from "pg";
import { fixtureAccount, signedIn } from "./accounts";
import { studioDatabaseUrl } from "./config";
import { checkLayouts, watchConsole } from "./page-checks";

const SLUG = "evaluations-e2e";

/**
 * Two settled evaluations written straight into the studio's database (the engine's jobs write the
 * same rows): a base model and its fine-tune, on HumanEval in python and go. Between them one problem
 * flips pass → fail and two fail → pass.
 */
const RUNS = [
  {
    label: "base",
    model: "coder-base",
    verdicts: { "python/HumanEval/0": "PASS", "python/HumanEval/1": "FAIL", "go/HumanEval/0": "FAIL" },
  },
  {
    label: "tuned",
    model: "coder-sft",
    verdicts: { "python/HumanEval/0": "FAIL", "python/HumanEval/1": "PASS", "go/HumanEval/0": "PASS" },
  },
] as const;

test.beforeAll(async () => {
  const db = new pg.Client({ connectionString: studioDatabaseUrl() });
  await db.connect();
  try {
    if ((await db.query(`select 1 from projects where slug = $1`, [SLUG])).rowCount === 0) {
      const project = await db.query<{ id: string }>(
        `insert into projects (id, slug, name, languages, settings, updated_at) values (gen_random_uuid(), $1, 'Evaluations e2e', '{python,go}', '{}', now()) returning id`,
        [SLUG],
      );
      const projectId = project.rows[0]!.id;
      await db.query(
        `insert into dataset_versions (id, project_id, tag, status, filters, provenance, updated_at) values (gen_random_uuid(), $1, 'v1', 'READY', '{}', '{}', now())`,
        [projectId],
      );
      for (const [index, run] of RUNS.entries()) {
        const answers = Object.entries(run.verdicts);
        const summary: Record<string, object> = {};
        for (const language of ["python", "go"]) {
          const mine = answers.filter(([key]) => key.startsWith(`${language}/`));
          const passed = mine.filter(([, verdict]) => verdict === "PASS").length;
          summary[language] = { problems: mine.length, samples: mine.length, passed, excluded: 0, "pass@1": passed / mine.length };
        }
        const row = await db.query<{ id: string }>(
          `insert into eval_runs (id, project_id, label, base_url, model, suite, languages, status, total, done, summary, created_at, updated_at)
           values (gen_random_uuid(), $1, $2, 'http://127.0.0.1:9/v1', $3, 'humaneval', '{python,go}', 'SUCCEEDED', 3, 3, $4, now() + $5 * interval '1 second', now()) returning id`,
          [projectId, run.label, run.model, JSON.stringify(summary), index],
        );
        for (const [key, verdict] of answers) {
          const [language, ...task] = key.split("/");
          const taskId = task.join("/");
          await db.query(
            `insert into eval_results (id, eval_run_id, language, task_id, sample_index, answer, code, verdict, output, duration_ms)
             values (gen_random_uuid(), $1, $2, $3, 0, $4, $5, $6, $7, 40)`,
            [
              row.rows[0]!.id,
              language,
              taskId,
              `Sure:\n\`\`\`\n// ${run.model} on ${taskId}\n\`\`\``,
              `// ${run.model} on ${taskId}`,
              verdict,
              verdict === "PASS" ? "" : `assertion failed in ${taskId}`,
            ],
          );
        }
      }
    }
  } finally {
    await db.end();
  }
  await fixtureAccount("curator@evaluations.e2e", { project: SLUG, role: "curator" });
  await fixtureAccount("viewer@evaluations.e2e", { project: SLUG, role: "viewer" });
});

test("a curator compares a base model with its fine-tune, links the dataset version, and opens a flipped problem", async ({
  page,
}, testInfo) => {
  const console = watchConsole(page);
  await signedIn(page, "curator@evaluations.e2e");
  await page.goto(`/projects/${SLUG}`);
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Evaluations" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${SLUG}/evaluations$`));
  await expect(page.getByTestId("start-evaluation-form")).toBeVisible();

  // The newest settled runs are compared by default, oldest first: base, then tuned; tuned is best on go and on average.
  const rows = page.getByTestId("comparison-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute("data-label", "base");
  const tuned = page.locator('[data-testid="comparison-row"][data-label="tuned"]');
  await expect(tuned.locator('[data-column="go"]')).toHaveText(/100\.0/);
  await expect(tuned.locator('[data-column="go"]')).toHaveAttribute("data-best", "true");
  await expect(tuned.locator('[data-column="average"]')).toHaveAttribute("data-best", "true");
  await expect(rows.nth(0).locator('[data-column="python"]')).toHaveAttribute("data-best", "true");
  await checkLayouts(page, testInfo, "evaluations");

  await page.locator('[data-testid="eval-row"][data-label="tuned"]').getByTestId("eval-link").click();
  await expect(page.getByRole("heading", { name: /tuned \(coder-sft\)/ })).toBeVisible();
  await expect(page.locator('[data-testid="summary-row"][data-language="go"]').getByTestId("summary-pass1")).toHaveText("100.0");

  // Linking the run to the dataset version it was trained on.
  const edit = page.getByTestId("edit-evaluation");
  await edit.getByLabel("Trained on (dataset version)").selectOption({ label: "v1" });
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("link", { name: "v1" })).toBeVisible();

  // Against the base model: one pass → fail, two fail → pass; opening one shows this run's answer to it.
  const flips = page.getByTestId("eval-flips");
  await flips.getByLabel("Another run of this project").selectOption({ label: "base (coder-base) · HumanEval" });
  await expect(flips.getByTestId("flip-counts")).toHaveText(/2 fail → pass, 1 pass → fail/);
  await expect(flips.getByTestId("flip")).toHaveCount(3);
  await flips.getByTestId("flip").filter({ hasText: "go" }).getByRole("button", { name: "HumanEval/0" }).click();
  const answers = page.getByTestId("eval-result");
  await expect(answers).toHaveCount(1);
  await answers.locator("summary").click();
  await expect(answers).toContainText("// coder-sft on HumanEval/0");
  await checkLayouts(page, testInfo, "evaluation");
  console.expectNone();
});

test("a viewer reads the evaluations and is told who may start one", async ({ page }, testInfo) => {
  const console = watchConsole(page);
  await signedIn(page, "viewer@evaluations.e2e");
  await page.goto(`/projects/${SLUG}/evaluations`);
  await expect(page.getByTestId("needs-role")).toHaveText("Starting an evaluation needs the curator role in this project.");
  await expect(page.getByTestId("start-evaluation-form")).toHaveCount(0);
  await expect(page.getByTestId("eval-row")).toHaveCount(2);
  await checkLayouts(page, testInfo, "evaluations-viewer");
  console.expectNone();
});
