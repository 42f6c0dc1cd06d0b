import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { fixtureAccount, signedIn } from "./accounts";
import { studioDatabaseUrl } from "./config";
import { checkLayouts, watchConsole } from "./page-checks";
import { uuidv7 } from "../lib/ids";

/**
 * The quality gate in the studio: review shows a leaked item's text beside the benchmark's, links a
 * near duplicate to the item kept in its place, filters by difficulty and shows an unsolved item's
 * independent check; project settings take a benchmark file (a bad one refused naming its line) and
 * remove it. The flags are written straight into the studio's database, as the engines leave them.
 */

const SLUG = "quality-e2e";
const EMAIL = "cora@quality.e2e";
let clock = Date.now();
const uuid7 = () => uuidv7(clock++);
const ids: Record<"leak" | "dup" | "goTwin" | "unsolved", string> = { leak: "", dup: "", goTwin: "", unsolved: "" };

const LEAK = "Check if in given list of numbers, are any two numbers closer to each other than given threshold.";
const HIT = {
  benchmark: "HumanEval",
  taskId: "HumanEval/0",
  field: "instruction",
  score: 0.9,
  overlap: "in given list of numbers, are any two numbers closer to each other than given threshold",
  benchmarkText: "Check if in given list of numbers, are any two numbers closer to each other than\ngiven threshold.",
};

async function insertCandidate(db: pg.Client, projectId: string, language: string, instruction: string, flags: string, values: unknown[]) {
  const id = uuid7();
  const revisionId = uuid7();
  // `flags` names extra columns; their values follow the four fixed ones.
  const columns = flags ? `, ${flags}` : "";
  const params = values.map((_, i) => `, $${i + 5}`).join("");
  await db.query(
    `insert into candidates (id, project_id, language, verification_status, updated_at${columns}) values ($1, $2, $3, $4, now()${params})`,
    [id, projectId, language, "PASS", ...values],
  );
  await db.query(
    `insert into revisions (id, candidate_id, number, author_kind, instruction, solution, tests) values ($1, $2, 1, 'AGENT', $3, 'def f(): pass', 'assert True')`,
    [revisionId, id, instruction],
  );
  await db.query(`update candidates set current_revision_id = $1 where id = $2`, [revisionId, id]);
  return { id, revisionId };
}

test.beforeAll(async () => {
  const db = new pg.Client({ connectionString: studioDatabaseUrl() });
  await db.connect();
  try {
    const made = await db.query<{ id: string; instruction: string }>(
      `select c.id, r.instruction from candidates c join revisions r on r.id = c.current_revision_id join projects p on p.id = c.project_id where p.slug = $1`,
      [SLUG],
    );
    if (made.rows.length) {
      // beforeAll runs again in a worker restarted after a failure: the data is there then.
      for (const row of made.rows)
        ids[
          row.instruction.startsWith("Check")
            ? "leak"
            : row.instruction.startsWith("Tell")
              ? "dup"
              : row.instruction.startsWith("In Go")
                ? "goTwin"
                : "unsolved"
        ] = row.id;
      return;
    }
    const projectId = uuid7();
    await db.query(`insert into projects (id, slug, name, languages, settings, updated_at) values ($1, $2, $2, $3, '{}', now())`, [
      projectId,
      SLUG,
      ["python", "go"],
    ]);
    const cluster = uuid7();
    await db.query(`insert into duplicate_clusters (id, project_id, size, languages, cross_lingual) values ($1, $2, 3, $3, true)`, [
      cluster,
      projectId,
      ["go", "python"],
    ]);
    const unsolved = await insertCandidate(db, projectId, "python", "Parse a date written in any format.", "difficulty, solve_rate", [
      "UNSOLVED",
      0,
    ]);
    ids.unsolved = unsolved.id;
    ids.goTwin = (
      await insertCandidate(db, projectId, "go", "In Go: are two numbers closer than a threshold?", "cluster_id, difficulty, solve_rate", [
        cluster,
        "MEDIUM",
        0.5,
      ])
    ).id;
    ids.leak = (
      await insertCandidate(db, projectId, "python", LEAK, "contaminated, contamination, cluster_id, difficulty, solve_rate, coverage", [
        true,
        HIT,
        cluster,
        "EASY",
        1,
        0.9,
      ])
    ).id;
    ids.dup = (
      await insertCandidate(
        db,
        projectId,
        "python",
        "Tell whether two numbers of a list lie closer than a threshold.",
        "cluster_id, duplicate_of_id, difficulty, solve_rate",
        [cluster, ids.leak, "HARD", 0.25],
      )
    ).id;
    const check = uuid7();
    await db.query(
      `insert into solve_checks (id, candidate_id, revision_id, language, interface, tests, samples, passed, solve_rate, difficulty, own_solution_status, own_tests_status, failing_output, updated_at)
       values ($1, $2, $3, 'python', 'def parse_date(text: str) -> tuple[int, int, int]', $4, 3, 0, 0, 'UNSOLVED', 'FAIL', 'PASS', $5, now())`,
      [
        check,
        unsolved.id,
        unsolved.revisionId,
        "assert parse_date('2 Jan 2024') == (2024, 1, 2)",
        "AssertionError: (2024, 2, 1) != (2024, 1, 2)",
      ],
    );
    for (const index of [0, 1, 2])
      await db.query(
        `insert into solve_trials (id, check_id, "index", solution, status, reason, output_tokens) values ($1, $2, $3, 'def parse_date(t): ...', 'FAIL', 'AssertionError', 50)`,
        [uuid7(), check, index],
      );
  } finally {
    await db.end();
  }
  await fixtureAccount(EMAIL, { project: SLUG, role: "curator" });
});

const row = (page: Page, text: string) => page.getByTestId("queue-item").filter({ hasText: text });

test("review: the leak beside the benchmark's text, a duplicate's link to the kept item, a difficulty filter, an unsolved item's independent check", async ({
  page,
}, testInfo) => {
  const console = watchConsole(page);
  await signedIn(page, EMAIL);
  await page.goto(`/projects/${SLUG}/review`);
  await row(page, "Check if in given list").click();
  await expect(page.getByTestId("flag-contaminated")).toHaveText("contaminated · HumanEval HumanEval/0");
  await expect(page.getByTestId("contamination-overlap")).toHaveText(HIT.overlap);
  await expect(page.getByTestId("contamination-benchmark")).toHaveText(HIT.benchmarkText);
  await expect(page.getByTestId("cluster-siblings")).toContainText("Same task in Go");
  await expect(page.getByTestId("queue-item-contaminated")).toHaveCount(1);
  await checkLayouts(page, testInfo, "quality-review");

  await row(page, "Tell whether two numbers").click();
  await expect(page.getByTestId("flag-difficulty")).toHaveText("hard · solve rate 25%");
  await page.getByTestId("duplicate-of-link").click();
  await expect(page).toHaveURL(new RegExp(`item=${ids.leak}`));
  await expect(page.getByTestId("review-detail")).toContainText(LEAK);
  await expect(page.getByTestId("flag-coverage")).toHaveText("coverage 90%");

  await page.getByRole("checkbox", { name: "hard" }).click();
  await expect(page.getByTestId("queue-item")).toHaveCount(1);
  await expect(row(page, "Tell whether two numbers")).toBeVisible();
  await page.getByRole("checkbox", { name: "hard" }).click();
  await page.getByRole("checkbox", { name: "unsolved" }).click();
  await expect(page.getByTestId("queue-item")).toHaveCount(1);
  await row(page, "Parse a date").click();
  await expect(page.getByTestId("check-samples")).toHaveText("0/3 · unsolved");
  await expect(page.getByTestId("check-own-solution")).toHaveText("fail");
  await expect(page.getByTestId("check-own-tests")).toHaveText("pass");
  await expect(page.getByTestId("check-failing-output")).toContainText("AssertionError");
  await page.getByRole("tab", { name: "Independent tests" }).click();
  await expect(page.getByTestId("independent-tests")).toHaveText("assert parse_date('2 Jan 2024') == (2024, 1, 2)");
  await checkLayouts(page, testInfo, "quality-unsolved");
  console.expectNone();
});

test("settings: add a benchmark file (a bad one refused naming its line), see its problem count, remove it", async ({ page }, testInfo) => {
  const console = watchConsole(page);
  await signedIn(page, EMAIL);
  await page.goto(`/projects/${SLUG}/settings`);
  const section = page.locator("#benchmarks");
  const good = ['{"task_id": "team/0", "prompt": "Sum the odd squares."}', '{"id": "team/1", "canonical_solution": "def f(): pass"}'].join(
    "\n",
  );
  await section
    .getByLabel("Benchmark file")
    .setInputFiles({ name: "broken.jsonl", mimeType: "application/jsonl", buffer: Buffer.from(`${good}\n{oops`) });
  await section.getByRole("button", { name: "Add benchmark file" }).click();
  await expect(section.getByTestId("benchmark-error")).toContainText("line 3");
  await expect(section.getByTestId("project-benchmark")).toHaveCount(0);

  await section
    .getByLabel("Benchmark file")
    .setInputFiles({ name: "team-eval.jsonl", mimeType: "application/jsonl", buffer: Buffer.from(good) });
  await section.getByRole("button", { name: "Add benchmark file" }).click();
  await expect(section.getByTestId("benchmark-message")).toHaveText('Added "team-eval": 2 problems.');
  await expect(section.getByTestId("project-benchmark")).toContainText("team-eval2 problemsteam-eval.jsonl");
  await expect(page.getByTestId("setting-quality.decontaminate")).toBeChecked();
  await checkLayouts(page, testInfo, "quality-settings");

  await section.getByRole("button", { name: "Remove team-eval" }).click();
  await expect(section.getByTestId("project-benchmark")).toHaveCount(0);
  // The refused upload's 400 is the one error the browser logs, by design.
  expect(console.problems.filter((problem) => !/status of 400/.test(problem))).toEqual([]);
});
