import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { fixtureAccount, signedIn } from "./accounts";
import { studioDatabaseUrl } from "./config";

const SLUG = "datasets-e2e";

/**
 * What a version is cut from, written straight into the studio's database: accepted candidates
 * (the agent's revision current: Ds3; a person's revision current: a human edit), kept seed pairs
 * (Ds1, Ds2), and what must stay out (a pending and a rejected candidate, a dropped seed).
 */
const ACCEPTED = [
  {
    language: "python",
    score: 4.5,
    instruction: "Write add(a, b) returning the sum.",
    solution: "def add(a, b):\n    return a + b\n",
    tests: "assert add(1, 2) == 3",
  },
  {
    language: "python",
    score: 4.0,
    instruction: "Write is_even(n).",
    solution: "def is_even(n):\n    return n % 2 == 0\n",
    tests: "assert is_even(4)",
  },
  {
    language: "python",
    score: 3.0,
    instruction: "Write square(x).",
    solution: "def square(x):\n    return x * x\n",
    tests: "assert square(3) == 9",
  },
  {
    language: "javascript",
    score: 4.2,
    instruction: "Write max(a, b).",
    solution: "function max(a, b) { return a > b ? a : b; }",
    tests: "console.assert(max(1, 2) === 2);",
  },
  {
    language: "javascript",
    score: 3.5,
    instruction: "Write negate(x).",
    solution: "function negate(x) { return -x; }",
    tests: "console.assert(negate(1) === -1);",
  },
];
// + one python human edit + two kept python seeds (Ds1, Ds2).
const EXPECTED = { all: ACCEPTED.length + 1 + 2, python: 3 + 1 + 2, javascript: 2 };

async function insertCandidate(
  db: pg.Client,
  projectId: string,
  c: { language: string; score: number; instruction: string; solution: string; tests: string },
  review: "ACCEPTED" | "PENDING" | "REJECTED",
  edited = false,
): Promise<{ id: string; revisionId: string }> {
  const candidate = await db.query<{ id: string }>(
    `insert into candidates (id, project_id, language, total_score, review_status, verification_status, updated_at) values (gen_random_uuid(), $1, $2, $3, $4, 'PASS', now()) returning id`,
    [projectId, c.language, c.score, review],
  );
  const id = candidate.rows[0]!.id;
  const original = await db.query<{ id: string }>(
    `insert into revisions (id, candidate_id, number, author_kind, instruction, solution, tests) values (gen_random_uuid(), $1, 1, 'AGENT', $2, $3, $4) returning id`,
    [id, c.instruction, c.solution, c.tests],
  );
  let current = original.rows[0]!.id;
  if (edited) {
    const edit = await db.query<{ id: string }>(
      `insert into revisions (id, candidate_id, number, author_kind, parent_id, instruction, solution, tests, note) values (gen_random_uuid(), $1, 2, 'HUMAN', $2, $3, $4, $5, 'clearer name') returning id`,
      [
        id,
        current,
        c.instruction,
        c.solution.replace("def square", "def squared").replace("square(", "squared("),
        c.tests.replace("square(", "squared("),
      ],
    );
    current = edit.rows[0]!.id;
  }
  await db.query(`update candidates set current_revision_id = $1 where id = $2`, [current, id]);
  return { id, revisionId: current };
}

test.beforeAll(async () => {
  const db = new pg.Client({ connectionString: studioDatabaseUrl() });
  await db.connect();
  try {
    const existing = await db.query(`select 1 from projects where slug = $1`, [SLUG]);
    if (existing.rowCount === 0) {
      const project = await db.query<{ id: string }>(
        `insert into projects (id, slug, name, languages, settings, updated_at) values (gen_random_uuid(), $1, 'Datasets e2e', '{python,javascript}', '{}', now()) returning id`,
        [SLUG],
      );
      const projectId = project.rows[0]!.id;
      const accepted = [];
      for (const c of ACCEPTED) accepted.push(await insertCandidate(db, projectId, c, "ACCEPTED"));
      // Two annotators accepted the first item (the others were accepted before overlap: one decision or none).
      for (const name of ["ann", "bob"]) {
        const user = await db.query<{ id: string }>(
          `insert into users (id, email, password_hash, updated_at) values (gen_random_uuid(), $1, 'x', now()) returning id`,
          [`${name}@datasets.e2e`],
        );
        await db.query(
          `insert into reviews (id, candidate_id, revision_id, reviewer_id, decision, kind) values (gen_random_uuid(), $1, $2, $3, 'ACCEPT', 'ANNOTATION')`,
          [accepted[0]!.id, accepted[0]!.revisionId, user.rows[0]!.id],
        );
      }
      await insertCandidate(
        db,
        projectId,
        {
          language: "python",
          score: 3.8,
          instruction: "Write square(x).",
          solution: "def square(x):\n    return x ** 2\n",
          tests: "assert square(2) == 4",
        },
        "ACCEPTED",
        true,
      );
      await insertCandidate(db, projectId, { ...ACCEPTED[0]!, instruction: "Pending: not in any version." }, "PENDING");
      await insertCandidate(db, projectId, { ...ACCEPTED[3]!, instruction: "Rejected: not in any version." }, "REJECTED");
      const snippet = await db.query<{ id: string }>(
        `insert into snippets (id, project_id, code, language, content_hash, token_count, license, updated_at) values (gen_random_uuid(), $1, 'def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n', 'python', 'e2e-gcd', 24, 'MIT', now()) returning id`,
        [projectId],
      );
      const seed = `insert into seed_samples (id, project_id, snippet_id, kind, status, language, instruction, solution, scores, total_score, updated_at) values (gen_random_uuid(), $1, $2, $3, $4, 'python', $5, $6, '{}', $7, now())`;
      // A kept seed pair is a reviewable item (as the seed stage makes it); these two were accepted.
      const acceptedSeed = async (values: unknown[]) => {
        const row = await db.query<{ id: string }>(`${seed} returning id`, values);
        const item = await db.query<{ id: string }>(
          `insert into candidates (id, project_id, source, seed_sample_id, language, total_score, review_status, updated_at) values (gen_random_uuid(), $1, $2, $3, 'python', $4, 'ACCEPTED', now()) returning id`,
          [projectId, values[2], row.rows[0]!.id, values[6]],
        );
        await db.query(
          `with r as (insert into revisions (id, candidate_id, number, author_kind, instruction, solution, tests) values (gen_random_uuid(), $1, 1, 'AGENT', $2, $3, '') returning id)
           update candidates set current_revision_id = (select id from r) where id = $1`,
          [item.rows[0]!.id, values[4], values[5]],
        );
      };
      await acceptedSeed([
        projectId,
        snippet.rows[0]!.id,
        "DS1",
        "KEPT",
        "Write gcd(a, b).",
        "def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n",
        4.1,
      ]);
      await acceptedSeed([
        projectId,
        snippet.rows[0]!.id,
        "DS2",
        "KEPT",
        "Implement Euclid's algorithm for the greatest common divisor.",
        "def gcd(a, b):\n    return a if b == 0 else gcd(b, a % b)\n",
        3.9,
      ]);
      const dropped = await db.query<{ id: string }>(
        `insert into snippets (id, project_id, code, language, content_hash, token_count, updated_at) values (gen_random_uuid(), $1, 'x = 1', 'python', 'e2e-dropped', 3, now()) returning id`,
        [projectId],
      );
      await db.query(seed, [projectId, dropped.rows[0]!.id, "DS1", "DROPPED", "Set x.", "x = 1", 1.5]);
    }
  } finally {
    await db.end();
  }
  await fixtureAccount("curator@datasets.e2e", { project: SLUG, role: "curator" });
  await fixtureAccount("viewer@datasets.e2e", { project: SLUG, role: "viewer" });
});

/** Cuts a version through the form and waits until the list shows it READY. */
async function cutVersion(page: Page, tag: string, { languages = [] as string[], notes = "" } = {}) {
  const form = page.getByTestId("cut-version-form");
  await form.getByLabel("Tag").fill(tag);
  if (notes) await form.getByLabel("Notes (optional)").fill(notes);
  for (const language of languages) await form.getByLabel(language, { exact: true }).check();
  await form.getByRole("button", { name: "Cut version" }).click();
  const row = page.locator(`[data-testid="version-row"][data-tag="${tag}"]`);
  await expect(row).toHaveAttribute("data-status", "READY", { timeout: 60_000 });
  return row;
}

/** A downloaded JSONL file's records (every line must parse). */
async function downloadJsonl(page: Page, click: () => Promise<void>): Promise<unknown[]> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  const file = await download.path();
  const text = readFileSync(file, "utf8");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as unknown);
}

test("a curator cuts versions, reads their statistics and card, compares two and downloads SFT JSONL", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signedIn(page, "curator@datasets.e2e");
  await page.goto(`/projects/${SLUG}`);
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Datasets" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${SLUG}/datasets$`));

  // v1: everything accepted. The list follows it from CUTTING to READY by itself.
  const v1 = await cutVersion(page, "v1", { notes: "first release" });
  await expect(v1.getByTestId("version-items")).toHaveText(`${EXPECTED.all} items`);
  await expect(v1).toContainText("curator@datasets.e2e");
  await expect(v1).toContainText("first release");

  // A tag that exists is refused inline, and nothing changes.
  const form = page.getByTestId("cut-version-form");
  await form.getByLabel("Tag").fill("v1");
  await form.getByRole("button", { name: "Cut version" }).click();
  await expect(page.getByTestId("cut-error")).toHaveText("version v1 already exists");
  await expect(page.locator('[data-testid="version-row"][data-tag="v1"]')).toHaveCount(1);

  // A filter nothing matches is refused inline too.
  await form.getByLabel("Tag").fill("nothing");
  await form.getByLabel("Minimum score (optional)").fill("5");
  await form.getByRole("button", { name: "Cut version" }).click();
  await expect(page.getByTestId("cut-error")).toContainText("No item matches");
  await expect(page.locator('[data-testid="version-row"][data-tag="nothing"]')).toHaveCount(0);
  await form.getByLabel("Minimum score (optional)").fill("");

  // SFT JSONL of v1, streamed by the browser: one chat per item.
  const sft = await downloadJsonl(page, () => v1.getByTestId("download-sft-jsonl").click());
  expect(sft).toHaveLength(EXPECTED.all);
  for (const record of sft)
    expect((record as { messages: { role: string; content: string }[] }).messages.map((m) => m.role)).toContain("assistant");
  // A train/test split puts every item on exactly one side.
  await v1.getByTestId("download-split").selectOption("train");
  const train = await downloadJsonl(page, () => v1.getByTestId("download-sft-jsonl").click());
  await v1.getByTestId("download-split").selectOption("test");
  const testSide = await downloadJsonl(page, () => v1.getByTestId("download-sft-jsonl").click());
  expect(train.length + testSide.length).toBe(EXPECTED.all);
  expect(new Set([...train, ...testSide].map((r) => JSON.stringify(r)))).toEqual(new Set(sft.map((r) => JSON.stringify(r))));

  await testInfo.attach("versions list", {
    body: await page.screenshot({ fullPage: true, path: testInfo.outputPath("versions.png") }),
    contentType: "image/png",
  });

  // v1's statistics page: the charts drew bars, the table and the card are there.
  await v1.getByTestId("version-link").click();
  await expect(page).toHaveURL(new RegExp(`/projects/${SLUG}/datasets/v1$`));
  await expect(page.getByTestId("version-totals")).toContainText(String(EXPECTED.all));
  for (const chart of ["chart-languages", "chart-pass-rate", "chart-problem-lengths", "chart-solution-lengths"]) {
    await expect(page.getByTestId(chart).locator(".recharts-bar-rectangle").first()).toBeVisible();
  }
  await expect(page.locator('[data-testid="version-language-row"][data-language="python"]')).toContainText(String(EXPECTED.python));
  await expect(page.locator('[data-testid="version-language-row"][data-language="javascript"]')).toContainText(String(EXPECTED.javascript));
  await expect(page.getByTestId("dataset-card")).toContainText("python");
  await expect(page.getByTestId("dataset-card")).toContainText("javascript");
  await testInfo.attach("version statistics", {
    body: await page.screenshot({ fullPage: true, path: testInfo.outputPath("version-v1.png") }),
    contentType: "image/png",
  });

  // v2: python only. Compared with v1, the javascript items are removed, nothing is added.
  await page.getByRole("link", { name: "← All versions" }).click();
  const v2 = await cutVersion(page, "v2", { languages: ["python"] });
  await expect(v2.getByTestId("version-items")).toHaveText(`${EXPECTED.python} items`);
  await v2.getByTestId("version-link").click();
  await page.getByTestId("compare-select").selectOption("v1");
  await expect(page).toHaveURL(/against=v1/);
  const javascript = page.locator('[data-testid="diff-row"][data-language="javascript"]');
  await expect(javascript.locator("td").nth(1)).toHaveText("0");
  await expect(javascript.locator("td").nth(2)).toHaveText(String(EXPECTED.javascript));
  await expect(page.getByTestId("chart-diff").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("compare-totals")).toHaveCount(2);
  await expect(page.getByTestId("compare-language-table")).toContainText("javascript");
  await testInfo.attach("version comparison", {
    body: await page.screenshot({ fullPage: true, path: testInfo.outputPath("compare-v2-v1.png") }),
    contentType: "image/png",
  });
});

test("a curator cuts a version requiring two agreeing decisions: only the item two annotators accepted, and the card says so", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signedIn(page, "curator@datasets.e2e");
  await page.goto(`/projects/${SLUG}/datasets`);
  const form = page.getByTestId("cut-version-form");

  // Nothing has three: refused inline, naming what the requirement left out.
  await form.getByLabel("Tag").fill("three-agree");
  await form.getByTestId("cut-min-agreeing").fill("3");
  await form.getByRole("button", { name: "Cut version" }).click();
  await expect(page.getByTestId("cut-error")).toContainText(`${EXPECTED.all} items with fewer than 3 agreeing decisions`);
  await expect(page.locator('[data-testid="version-row"][data-tag="three-agree"]')).toHaveCount(0);

  await form.getByLabel("Tag").fill("agreed");
  await form.getByTestId("cut-min-agreeing").fill("2");
  await form.getByRole("button", { name: "Cut version" }).click();
  const row = page.locator('[data-testid="version-row"][data-tag="agreed"]');
  await expect(row).toHaveAttribute("data-status", "READY", { timeout: 60_000 });
  await expect(row.getByTestId("version-items")).toHaveText("1 item");
  await expect(row.getByTestId("version-agreeing")).toContainText(
    `at least 2 agreeing decisions required (left out ${EXPECTED.all - 1} items with fewer than 2 agreeing decisions)`,
  );
  const records = await downloadJsonl(page, () => row.getByTestId("download-sft-jsonl").click());
  expect(records).toHaveLength(1);
  expect(JSON.stringify(records[0])).toContain(ACCEPTED[0]!.instruction);

  await row.getByTestId("version-link").click();
  const card = page.getByTestId("dataset-card");
  await expect(card).toContainText("Annotation");
  await expect(card).toContainText("Agreeing (accept) decisions required");
  await expect(card).toContainText("over 1 item (2 annotators, 100 % agree)");
});

test("a viewer sees the versions and downloads them, but has no form to cut one", async ({ page }) => {
  // A version to look at, cut by the curator through the API (this test does not rely on the other).
  await signedIn(page, "curator@datasets.e2e");
  const origin = new URL(page.url()).origin;
  const created = await page.request.post(`/api/projects/${SLUG}/versions`, { data: { tag: "for-viewers" }, headers: { origin } });
  expect([201, 409]).toContain(created.status());
  await page.getByRole("button", { name: "Sign out" }).click();

  await signedIn(page, "viewer@datasets.e2e");
  await page.goto(`/projects/${SLUG}/datasets`);
  const row = page.locator('[data-testid="version-row"][data-tag="for-viewers"]');
  await expect(row).toHaveAttribute("data-status", "READY", { timeout: 60_000 });
  await expect(page.getByTestId("cut-version-form")).toHaveCount(0);
  const records = await downloadJsonl(page, () => row.getByTestId("download-alpaca-jsonl").click());
  expect(records).toHaveLength(EXPECTED.all);
  // The API says no too, naming the role.
  const refused = await page.request.post(`/api/projects/${SLUG}/versions`, { data: { tag: "viewer-cut" }, headers: { origin } });
  expect(refused.status()).toBe(403);
});

test("the list follows a cut live: CUTTING, no downloads meanwhile, then READY", async ({ page }) => {
  await signedIn(page, "curator@datasets.e2e");
  await page.goto(`/projects/${SLUG}/datasets`);
  // Hold the cut at its first insert: a share lock on the items table lets it create the CUTTING
  // row and count, then wait for us (no timing involved).
  const db = new pg.Client({ connectionString: studioDatabaseUrl() });
  await db.connect();
  try {
    await db.query("begin");
    await db.query("lock table dataset_items in share mode");
    const form = page.getByTestId("cut-version-form");
    await form.getByLabel("Tag").fill("live");
    await form.getByRole("button", { name: "Cut version" }).click();
    await expect(form.getByRole("button", { name: "Cutting…" })).toBeDisabled();
    const row = page.locator('[data-testid="version-row"][data-tag="live"]');
    await expect(row).toHaveAttribute("data-status", "CUTTING");
    await expect(row.getByTestId("version-status")).toHaveText("cutting");
    await expect(row.getByTestId("download-links")).toHaveCount(0);
    // An export of a version being cut is refused, clearly.
    const refused = await page.request.get(`/api/projects/${SLUG}/versions/live/export?format=sft&fileType=jsonl`);
    expect(refused.status()).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("still being cut");
    await db.query("commit");
    await expect(row).toHaveAttribute("data-status", "READY");
    await expect(row.getByTestId("version-items")).toHaveText(`${EXPECTED.all} items`);
    await expect(row.getByTestId("download-sft-jsonl")).toBeVisible();
  } finally {
    await db.end();
  }
});
