import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { unzipSync } from "fflate";
import pg from "pg";
import { fixtureAccount, signedIn } from "./accounts";
import { studioDatabaseUrl } from "./config";
import { checkLayouts, watchConsole } from "./page-checks";

const SLUG = "records-e2e";
const CURATOR = "curator@records.e2e";

/**
 * What goes into a version is reviewed, and a version's records can be read: accepted items (two
 * synthesized, one seed pair) go in by default; an unreviewed seed pair only when the cut asks for
 * it; a rejected one never. Written straight into the studio's database.
 */
type Item = { language: string; instruction: string; solution: string; tests: string; review: string; source?: "DS1" | "DS2" };
const ITEMS: Item[] = [
  {
    language: "python",
    instruction: "Write add(a, b).",
    solution: "def add(a, b):\n    return a + b\n",
    tests: "assert add(1, 2) == 3",
    review: "ACCEPTED",
  },
  {
    language: "javascript",
    instruction: "Write max(a, b).",
    solution: "function max(a, b) { return a > b ? a : b; }",
    tests: "console.assert(max(1, 2) === 2);",
    review: "ACCEPTED",
  },
  {
    language: "python",
    instruction: "Reverse a list.",
    solution: "def rev(xs):\n    return xs[::-1]\n",
    tests: "",
    review: "ACCEPTED",
    source: "DS1",
  },
  {
    language: "python",
    instruction: "Count the vowels in a word.",
    solution: "def vowels(w):\n    return sum(c in 'aeiou' for c in w)\n",
    tests: "",
    review: "PENDING",
    source: "DS2",
  },
  { language: "python", instruction: "Rejected: never in a version.", solution: "pass", tests: "", review: "REJECTED", source: "DS1" },
];

test.beforeAll(async () => {
  const db = new pg.Client({ connectionString: studioDatabaseUrl() });
  await db.connect();
  try {
    if ((await db.query(`select 1 from projects where slug = $1`, [SLUG])).rowCount) return;
    const project = await db.query<{ id: string }>(
      `insert into projects (id, slug, name, languages, settings, updated_at) values (gen_random_uuid(), $1, 'Records e2e', '{python,javascript}', '{}', now()) returning id`,
      [SLUG],
    );
    const projectId = project.rows[0]!.id;
    for (const [i, item] of ITEMS.entries()) {
      let seedId: string | null = null;
      if (item.source) {
        const snippet = await db.query<{ id: string }>(
          `insert into snippets (id, project_id, code, language, content_hash, token_count, updated_at) values (gen_random_uuid(), $1, $2, $3, $4, 10, now()) returning id`,
          [projectId, item.solution, item.language, `records-e2e-${i}`],
        );
        const seed = await db.query<{ id: string }>(
          `insert into seed_samples (id, project_id, snippet_id, kind, status, language, instruction, solution, scores, total_score, updated_at) values (gen_random_uuid(), $1, $2, $3, 'KEPT', $4, $5, $6, '{}', 4, now()) returning id`,
          [projectId, snippet.rows[0]!.id, item.source, item.language, item.instruction, item.solution],
        );
        seedId = seed.rows[0]!.id;
      }
      const candidate = await db.query<{ id: string }>(
        `insert into candidates (id, project_id, source, seed_sample_id, language, total_score, review_status, verification_status, updated_at) values (gen_random_uuid(), $1, $2, $3, $4, 4, $5, $6, now()) returning id`,
        [projectId, item.source ?? "DS3", seedId, item.language, item.review, item.source ? "PENDING" : "PASS"],
      );
      await db.query(
        `with r as (insert into revisions (id, candidate_id, number, author_kind, instruction, solution, tests) values (gen_random_uuid(), $1, 1, 'AGENT', $2, $3, $4) returning id)
         update candidates set current_revision_id = (select id from r) where id = $1`,
        [candidate.rows[0]!.id, item.instruction, item.solution, item.tests],
      );
    }
  } finally {
    await db.end();
  }
  await fixtureAccount(CURATOR, { project: SLUG, role: "curator" });
});

test("a version of reviewed items: its records filtered and opened; with unreviewed items only when asked, and the comparison lists the added one", async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const consoleErrors = watchConsole(page);
  await signedIn(page, CURATOR);
  await page.goto(`/projects/${SLUG}/datasets`);
  const form = page.getByTestId("cut-version-form");

  // Reviewed items only: the three accepted ones, not the unreviewed or the rejected seed pair.
  await form.getByLabel("Tag").fill("reviewed");
  await form.getByRole("button", { name: "Cut version" }).click();
  const reviewed = page.locator('[data-testid="version-row"][data-tag="reviewed"]');
  await expect(reviewed).toHaveAttribute("data-status", "READY", { timeout: 60_000 });
  await expect(reviewed.getByTestId("version-items")).toHaveText("3 items");

  await reviewed.getByTestId("version-link").click();
  await expect(page.getByTestId("version-unreviewed")).toHaveText("(all accepted)");
  await expect(page.getByTestId("provenance-review")).toHaveText("3 accepted, none unreviewed");
  // Trainer configs for the Alpaca JSONL download: a zip of training/ naming the file that link gives.
  await page.getByLabel("Training configs for").selectOption("alpaca:jsonl");
  const [configs] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Training configs (zip)" }).click()]);
  expect(configs.suggestedFilename()).toBe(`${SLUG}-reviewed-alpaca-jsonl-training.zip`);
  const entries = unzipSync(new Uint8Array(readFileSync(await configs.path())));
  expect(Object.keys(entries).sort()).toEqual([
    "training/README.md",
    "training/axolotl.yaml",
    "training/dataset_info.json",
    "training/train_sft.py",
  ]);
  expect(JSON.parse(Buffer.from(entries["training/dataset_info.json"]!).toString("utf8"))).toEqual({
    rosetta_alpaca: expect.objectContaining({ file_name: `../${SLUG}-reviewed-alpaca.jsonl`, formatting: "alpaca" }),
  });
  await checkLayouts(page, testInfo, "version");

  // Its records: filtered by language, one opened to its solution and tests.
  await page.getByRole("link", { name: "Browse the 3 records →" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${SLUG}/datasets/reviewed/records$`));
  const rows = page.getByTestId("record-row");
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId("records")).not.toContainText("Rejected");
  await page.getByLabel("Language").selectOption("javascript");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-language", "javascript");
  await rows
    .first()
    .getByRole("button", { name: /Write max\(a, b\)/ })
    .click();
  const detail = page.getByTestId("record-detail");
  await expect(detail).toContainText("function max(a, b) { return a > b ? a : b; }");
  await expect(detail).toContainText("console.assert(max(1, 2) === 2);");
  await checkLayouts(page, testInfo, "records");

  // Unreviewed items by choice: the card and the version page say how many; the rejected one stays out.
  await page.goto(`/projects/${SLUG}/datasets`);
  await form.getByLabel("Tag").fill("with-unreviewed");
  await form.getByLabel(/Also take unreviewed items/).check();
  await form.getByRole("button", { name: "Cut version" }).click();
  const all = page.locator('[data-testid="version-row"][data-tag="with-unreviewed"]');
  await expect(all).toHaveAttribute("data-status", "READY", { timeout: 60_000 });
  await expect(all.getByTestId("version-items")).toHaveText("4 items");
  await all.getByTestId("version-link").click();
  await expect(page.getByTestId("version-unreviewed")).toHaveText("(1 unreviewed, taken by choice)");
  await expect(page.getByTestId("dataset-card")).toContainText("1 of its items were not reviewed");

  // Compared with the reviewed cut: the unreviewed seed pair is listed as added, by its instruction.
  await page.getByTestId("compare-select").selectOption("reviewed");
  const added = page.locator('[data-testid="diff-item"][data-kind="added"]');
  await expect(added).toHaveCount(1);
  await expect(added).toContainText("Count the vowels in a word.");
  await expect(added).toContainText("Ds2 (answer first)");
  await checkLayouts(page, testInfo, "version-compare");
  consoleErrors.expectNone();
});
