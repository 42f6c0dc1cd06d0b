import { expect, test } from "@playwright/test";
import pg from "pg";
import { fixtureAccount, signedIn } from "./accounts";
import { studioDatabaseUrl } from "./config";
import { checkLayouts, watchConsole } from "./page-checks";

const SLUG = "gate-e2e";
const CURATOR = "curator@gate.e2e";

/**
 * The cut's quality gate, by clicks: a planted benchmark problem (HumanEval/12's statement, never
 * checked before: the cut checks it) and two near-duplicates are left out by default, and the
 * version row says what was removed and why; ticked, both options take them in, flagged. Written
 * straight into the studio's database, all accepted.
 */
const MERGE =
  "Given a list of meeting intervals as pairs of start and end minutes, merge every overlapping interval and return the merged list sorted by start time.";
const ITEMS = [
  {
    instruction:
      "Out of list of strings, return the longest one. Return the first one in case of multiple strings of the same length. Return None in case the input list is empty.",
    solution: "def longest(strings):\n    return max(strings, key=len) if strings else None\n",
    score: 4,
  },
  { instruction: MERGE, solution: "def merge(xs):\n    return sorted(xs)\n", score: 3 },
  { instruction: `${MERGE} `, solution: "def merge(xs):\n    return sorted(xs)  # kept\n", score: 5 },
  { instruction: "Count the vowels in a sentence, treating upper and lower case alike.", solution: "def v(s):\n    return 0\n", score: 4 },
];

test.beforeAll(async () => {
  const db = new pg.Client({ connectionString: studioDatabaseUrl() });
  await db.connect();
  try {
    if ((await db.query(`select 1 from projects where slug = $1`, [SLUG])).rowCount) return;
    const project = await db.query<{ id: string }>(
      `insert into projects (id, slug, name, languages, settings, updated_at) values (gen_random_uuid(), $1, 'Gate e2e', '{python}', '{}', now()) returning id`,
      [SLUG],
    );
    for (const item of ITEMS) {
      const candidate = await db.query<{ id: string }>(
        `insert into candidates (id, project_id, source, language, total_score, review_status, verification_status, updated_at) values (gen_random_uuid(), $1, 'DS3', 'python', $2, 'ACCEPTED', 'PASS', now()) returning id`,
        [project.rows[0]!.id, item.score],
      );
      await db.query(
        `with r as (insert into revisions (id, candidate_id, number, author_kind, instruction, solution, tests) values (gen_random_uuid(), $1, 1, 'AGENT', $2, $3, 'assert True') returning id)
         update candidates set current_revision_id = (select id from r) where id = $1`,
        [candidate.rows[0]!.id, item.instruction, item.solution],
      );
    }
  } finally {
    await db.end();
  }
  await fixtureAccount(CURATOR, { project: SLUG, role: "curator" });
});

test("a cut leaves out a leaked benchmark problem and a near-duplicate and says why; its options take them in, flagged", async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const consoleErrors = watchConsole(page);
  await signedIn(page, CURATOR);
  await page.goto(`/projects/${SLUG}/datasets`);
  const form = page.getByTestId("cut-version-form");
  await checkLayouts(page, testInfo, "gate-datasets");

  await form.getByLabel("Tag").fill("gated");
  await form.getByRole("button", { name: "Cut version" }).click();
  const gated = page.locator('[data-testid="version-row"][data-tag="gated"]');
  await expect(gated).toHaveAttribute("data-status", "READY", { timeout: 60_000 });
  await expect(gated.getByTestId("version-items")).toHaveText("2 items");
  // Which copy of HumanEval/12 is named (HumanEval, HumanEval-X, a translation) is the engine's choice.
  await expect(gated.getByTestId("version-removed")).toHaveText(/^removed 1 contaminated: \S+\/12; 1 near-duplicate in 1 cluster$/);

  await form.getByLabel("Tag").fill("everything");
  await form.getByLabel(/Include contaminated items/).check();
  await form.getByLabel(/Keep near-duplicates/).check();
  await form.getByRole("button", { name: "Cut version" }).click();
  const everything = page.locator('[data-testid="version-row"][data-tag="everything"]');
  await expect(everything).toHaveAttribute("data-status", "READY", { timeout: 60_000 });
  await expect(everything.getByTestId("version-items")).toHaveText("4 items");
  await expect(everything.getByTestId("version-removed")).toHaveText("nothing removed");
  await expect(everything.getByTestId("version-contaminated")).toHaveText("1 contaminated item included by choice");
  await everything.getByTestId("download-metadata").check();
  await expect(everything.getByTestId("download-sft-jsonl")).toHaveAttribute("href", /metadata=true/);

  await everything.getByTestId("version-link").click();
  await expect(page.getByTestId("version-contaminated")).toBeVisible();
  await expect(page.getByTestId("dataset-card")).toContainText("Contaminated items: included by choice");
  await checkLayouts(page, testInfo, "gate-version");
  consoleErrors.expectNone();
});
