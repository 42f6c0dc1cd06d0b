import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { fixtureAccount, signedIn } from "./accounts";
import { uuidv7 } from "../lib/ids";
import { studioDatabaseUrl } from "./config";

/**
 * The review queue with two reviewers: claims, an edit of the instruction and the tests (re-verified
 * on the studio's worker), a stale save and its conflict view, a rejection with a reason, the source
 * seed beside a cross-lingual item, a decision reopened with a reason, a decision refused because the
 * item was decided meanwhile, and a long queue that is windowed and paged as it scrolls. The
 * items are written straight into the studio's database, as a finished run would have left them.
 */

// Version-7 UUIDs (time-ordered, like the app's own ids), so "newest first" is the insertion order reversed.
let clock = Date.now();
const uuid7 = () => uuidv7(clock++);

interface Item {
  instruction: string;
  solution: string;
  tests: string;
  language?: string;
  sourceLanguage?: string;
  seedId?: string;
  score?: number;
}

async function insertProject(db: pg.Client, slug: string): Promise<string> {
  const id = uuid7();
  await db.query(`insert into projects (id, slug, name, languages, settings, updated_at) values ($1, $2, $2, $3, '{}', now())`, [
    id,
    slug,
    ["python", "java"],
  ]);
  return id;
}

async function insertSeed(
  db: pg.Client,
  projectId: string,
  { language, code, instruction }: { language: string; code: string; instruction: string },
): Promise<string> {
  const snippet = uuid7();
  await db.query(
    `insert into snippets (id, project_id, code, language, content_hash, token_count, updated_at) values ($1, $2, $3, $4, $5, 20, now())`,
    [snippet, projectId, code, language, randomBytes(32).toString("hex")],
  );
  const seed = uuid7();
  await db.query(
    `insert into seed_samples (id, project_id, snippet_id, kind, status, language, instruction, solution, scores, total_score, updated_at) values ($1, $2, $3, 'DS1', 'KEPT', $4, $5, $6, '{}', 4.5, now())`,
    [seed, projectId, snippet, language, instruction, code],
  );
  return seed;
}

async function insertCandidate(db: pg.Client, projectId: string, item: Item): Promise<{ id: string; revisionId: string }> {
  const id = uuid7();
  const revisionId = uuid7();
  await db.query(
    `insert into candidates (id, project_id, language, source_language, total_score, verification_status, updated_at) values ($1, $2, $3, $4, $5, 'PASS', now())`,
    [id, projectId, item.language ?? "python", item.sourceLanguage ?? null, item.score ?? 4],
  );
  await db.query(
    `insert into revisions (id, candidate_id, number, author_kind, instruction, solution, tests) values ($1, $2, 1, 'AGENT', $3, $4, $5)`,
    [revisionId, id, item.instruction, item.solution, item.tests],
  );
  await db.query(`update candidates set current_revision_id = $1 where id = $2`, [revisionId, id]);
  if (item.seedId)
    await db.query(`insert into candidate_seeds (id, candidate_id, seed_sample_id, updated_at) values ($1, $2, $3, now())`, [
      uuid7(),
      id,
      item.seedId,
    ]);
  return { id, revisionId };
}

const ids: Record<"inc" | "reverse" | "double", string> = { inc: "", reverse: "", double: "" };

test.beforeAll(async () => {
  const db = new pg.Client({ connectionString: studioDatabaseUrl() });
  await db.connect();
  try {
    // beforeAll runs again in the worker Playwright restarts after a failure: the data is there then.
    const made = await db.query<{ slug: string }>(`select slug from projects where slug = 'review-e2e'`);
    if (made.rows.length) {
      for (const row of (
        await db.query<{ id: string; instruction: string }>(
          `select c.id, r.instruction from candidates c join revisions r on r.candidate_id = c.id and r.number = 1 join projects p on p.id = c.project_id where p.slug = 'review-e2e'`,
        )
      ).rows) {
        if (row.instruction.startsWith("Add one")) ids.inc = row.id;
        else if (row.instruction.startsWith("Reverse")) ids.reverse = row.id;
        else ids.double = row.id;
      }
      return;
    }
    const project = await insertProject(db, "review-e2e");
    const seed = await insertSeed(db, project, {
      language: "java",
      instruction: "Write a method that returns its argument plus one.",
      code: "class Inc {\n    static int inc(int x) {\n        return x + 1;\n    }\n}\n",
    });
    // Oldest first: "Add one" is the newest, so it heads the queue.
    ids.double = (
      await insertCandidate(db, project, {
        instruction: "Double a number.",
        solution: "def double(x):\n    return x * 3\n",
        tests: "assert double(2) == 6\n",
      })
    ).id;
    ids.reverse = (
      await insertCandidate(db, project, {
        instruction: "Reverse a string.",
        solution: "def rev(s):\n    return s[::-1]\n",
        tests: "assert rev('ab') == 'ba'\n",
      })
    ).id;
    ids.inc = (
      await insertCandidate(db, project, {
        instruction: "Add one to a number.",
        solution: "def inc(x):\n    return x + 1\n",
        tests: "assert inc(1) == 2\n",
        sourceLanguage: "java",
        seedId: seed,
      })
    ).id;

    const bulk = await insertProject(db, "review-bulk");
    for (let i = 0; i < 400; i++)
      await insertCandidate(db, bulk, {
        instruction: `Bulk problem ${i}`,
        solution: "x = 1\n",
        tests: "assert x == 1\n",
        language: i % 2 ? "java" : "python",
        score: 1 + (i % 5),
      });
  } finally {
    await db.end();
  }
  await fixtureAccount("ann@review.e2e", { project: "review-e2e", role: "annotator" });
  await fixtureAccount("bob@review.e2e", { project: "review-e2e", role: "annotator" });
  await fixtureAccount("bulk@review.e2e", { admin: true });
});

const item = (page: Page, text: string) => page.getByTestId("queue-item").filter({ hasText: text });

/** Types at the end of the diff editor's right side (the edit). */
async function typeAtEnd(page: Page, text: string, testId = "diff-view") {
  await page.locator(`[data-testid="${testId}"] .editor.modified .view-lines`).click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text);
}

test("two reviewers: a claim keeps the other out; edits of the tests re-run them; a stale save shows both versions; reject with a reason", async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(240_000);
  // Wide enough for the source seed beside the diff (below it on narrower screens).
  const annContext = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const bobContext = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const ann = await annContext.newPage();
  const bob = await bobContext.newPage();
  try {
    await test.step("ann opens the queue: the first item is hers while she reviews it, its java seed beside it", async () => {
      await signedIn(ann, "ann@review.e2e");
      await ann.goto("/projects/review-e2e/review");
      await expect(item(ann, "Add one to a number.")).toHaveAttribute("data-selected", "true");
      await expect(ann.getByTestId("claim-mine")).toBeVisible();
      await expect(ann.getByTestId("source-seed")).toHaveAttribute("data-language", "java");
      await expect(ann.getByTestId("seed-instruction")).toContainText("returns its argument plus one");
      await expect(ann.locator('[data-testid="seed-code"] .monaco-editor')).toBeVisible();
      await expect(ann.getByTestId("seed-code")).toContainText("static int inc");
    });

    await test.step("bob does not see it by default; shown, it says ann has it until when, and he cannot act on it", async () => {
      await signedIn(bob, "bob@review.e2e");
      await bob.goto("/projects/review-e2e/review");
      await expect(bob.getByTestId("queue-item")).toHaveCount(2);
      await expect(item(bob, "Add one to a number.")).toHaveCount(0);
      await bob.getByTestId("filter-hide-claimed").uncheck();
      await expect(bob.getByTestId("queue-item")).toHaveCount(3);
      await expect(item(bob, "Add one to a number.").getByTestId("queue-item-claim")).toContainText("claimed by ann@review.e2e");
      await item(bob, "Add one to a number.").click();
      await expect(bob.getByTestId("claim-banner")).toContainText(/Claimed by ann@review\.e2e until \d/);
      await bob.keyboard.press("a");
      await expect(bob.getByTestId("review-message")).toContainText("ann@review.e2e is reviewing this item: you cannot accept it");
      await bob.keyboard.press("e");
      await expect(bob.getByTestId("diff-view")).toHaveAttribute("data-editable", "false");
      // The API refuses him too (the page is not the only guard).
      const { currentRevisionId } = (await (await bob.request.get(`/api/candidates/${ids.inc}`)).json()) as { currentRevisionId: string };
      const refused = await bob.request.post(`/api/candidates/${ids.inc}/decision`, {
        data: { decision: "accept", revisionId: currentRevisionId },
        headers: { origin: baseURL! },
      });
      expect(refused.status()).toBe(409);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
        /^ann@review\.e2e is reviewing this item \(claimed until \d\d:\d\d:\d\d UTC\)/,
      );
      // j/k step over the item ann holds.
      await bob.keyboard.press("j");
      await expect(item(bob, "Reverse a string.")).toHaveAttribute("data-selected", "true");
      await bob.keyboard.press("k");
      await expect(item(bob, "Reverse a string.")).toHaveAttribute("data-selected", "true");
    });

    await test.step("ann edits the instruction and the tests; one new revision, its tests re-run on the worker and the verdict shows", async () => {
      await ann.keyboard.press("e");
      await expect(ann.getByTestId("diff-view")).toHaveAttribute("data-editable", "true");
      await ann.getByTestId("field-tab-tests").click();
      await typeAtEnd(ann, "assert inc(1) == 3");
      await ann.getByTestId("field-tab-instruction").click();
      await typeAtEnd(ann, " Exactly one.");
      await expect(ann.getByTestId("field-tab-tests")).toHaveText("tests •");
      await expect(ann.getByTestId("field-tab-instruction")).toHaveText("instruction •");
      await ann.getByTestId("save-revision").click();
      await expect(ann.getByTestId("review-message")).toContainText("Saved revision 2");
      await expect(ann.getByTestId("current-verification")).toHaveText(/^Tests of revision 2: fail/, { timeout: 90_000 });
      // Accepting it now asks first, in the page; Escape lets it go and nothing is decided.
      await ann.keyboard.press("a");
      await expect(ann.getByTestId("decision-prompt")).toContainText("Its tests do not pass (fail). Accept it anyway?");
      await ann.keyboard.press("Escape");
      await expect(ann.getByTestId("decision-prompt")).toHaveCount(0);
      await expect(item(ann, "Add one to a number.")).toBeVisible();
      await expect(ann.getByTestId("current-tests")).toContainText("assert inc(1) == 3");
      await expect(ann.getByTestId("review-detail")).toContainText("Add one to a number. Exactly one.");
      await ann.getByTestId("field-tab-tests").click();
      await expect(ann.locator('[data-testid="diff-view"] .line-insert').first()).toBeVisible();
      await testInfo.attach("review diff (tests edited)", {
        body: await ann.screenshot({ fullPage: true, path: testInfo.outputPath("review-diff.png") }),
        contentType: "image/png",
      });
    });

    await test.step("a save on a stale revision shows both versions; re-applying mine saves on top of theirs", async () => {
      await ann.getByTestId("field-tab-solution").click();
      await ann.keyboard.press("e");
      await expect(ann.getByTestId("diff-view")).toHaveAttribute("data-editable", "true");
      await typeAtEnd(ann, "# mine");
      // Meanwhile revision 3 lands from elsewhere (her other tab): the edit above started on revision 2.
      const detail = (await (await ann.request.get(`/api/candidates/${ids.inc}`)).json()) as { currentRevisionId: string };
      const theirs = await ann.request.post(`/api/candidates/${ids.inc}/revisions`, {
        data: {
          parentRevisionId: detail.currentRevisionId,
          instruction: "Add one to a number.",
          solution: "def inc(x):\n    return x + 1  # theirs\n",
          tests: "assert inc(1) == 2\n",
        },
        headers: { origin: baseURL! },
      });
      expect(theirs.status()).toBe(201);
      await ann.getByTestId("save-revision").click();
      await expect(ann.getByTestId("conflict-view")).toBeVisible();
      await expect(ann.getByTestId("review-message")).toContainText("revision 3 by ann@review.e2e is current now");
      // Each part that differs is marked; the solution shows both edits.
      await expect(ann.getByTestId("conflict-tab-instruction")).toHaveText("instruction •");
      await expect(ann.getByTestId("conflict-tab-tests")).toHaveText("tests •");
      await ann.getByTestId("conflict-tab-solution").click();
      const conflict = ann.getByTestId("conflict-diff");
      await expect(conflict.locator(".editor.original")).toContainText("# theirs");
      await expect(conflict.locator(".editor.modified")).toContainText("# mine");
      await testInfo.attach("conflict view", {
        body: await ann.screenshot({ fullPage: true, path: testInfo.outputPath("conflict.png") }),
        contentType: "image/png",
      });
      await ann.getByTestId("conflict-reapply").click();
      await expect(ann.getByTestId("review-message")).toContainText("Saved revision 4");
      await expect(ann.getByTestId("conflict-view")).toHaveCount(0);
      await expect(ann.getByTestId("review-detail")).toContainText("Revision 4 (human)");
    });

    await test.step("ann moves on (her claim on the first item is released, bob may take it) and rejects an item with a reason", async () => {
      await item(ann, "Double a number.").click();
      // Her release of the item she left goes out before this claim, so once this one shows, that one is done.
      await expect(ann.getByTestId("claim-mine")).toBeVisible();
      await bob.reload();
      // "Double a number." is ann's now and hidden; "Reverse a string." is bob's own or free.
      await expect(bob.getByTestId("queue-item")).toHaveCount(2);
      await expect(item(bob, "Add one to a number.")).toHaveAttribute("data-claimed", "false");
      await expect(item(bob, "Add one to a number.")).toHaveAttribute("data-selected", "true");
      await expect(bob.getByTestId("claim-mine")).toBeVisible();

      await ann.keyboard.press("r");
      await ann.getByTestId("reject-reason").fill("double(2) is 4, not 6: the solution triples");
      await ann.keyboard.press("Enter");
      await expect(ann.getByTestId("review-message")).toContainText("Rejected: Double a number.");
      await expect(item(ann, "Double a number.")).toHaveCount(0);
      await ann.getByTestId("filter-review").selectOption("REJECTED");
      await expect(item(ann, "Double a number.")).toContainText("rejected");
    });

    await test.step("ann reopens her rejection with a reason: the item is pending again, the rejection kept in its history", async () => {
      await item(ann, "Double a number.").click();
      await expect(ann.getByTestId("decision-standing")).toContainText("Rejected by ann@review.e2e (revision 1)");
      await expect(ann.getByTestId("decision-standing")).toContainText("the solution triples");
      await ann.keyboard.press("o");
      await expect(ann.getByTestId("decision-prompt")).toContainText("Why reopen it?");
      await ann.getByTestId("reopen-reason").fill("the tests were wrong too: look again");
      await ann.keyboard.press("Enter");
      await expect(ann.getByTestId("review-message")).toContainText("Reopened, back in the queue: Double a number.");
      await expect(item(ann, "Double a number.")).toHaveCount(0);
      await ann.getByTestId("filter-review").selectOption("PENDING");
      await item(ann, "Double a number.").click();
      await expect(ann.getByTestId("claim-mine")).toBeVisible();
      await expect(ann.getByTestId("decision-standing")).toHaveCount(0);
      const history = ann.getByTestId("decision-history");
      await expect(history).toContainText("Rejected by ann@review.e2e (revision 1)");
      await expect(history).toContainText("Reopened by ann@review.e2e at");
      await expect(history).toContainText("the tests were wrong too: look again");
    });

    await test.step("a decision on an item decided meanwhile (in her other tab) is refused, the reason shown in the item", async () => {
      const detail = (await (await ann.request.get(`/api/candidates/${ids.double}`)).json()) as { currentRevisionId: string };
      const elsewhere = await ann.request.post(`/api/candidates/${ids.double}/decision`, {
        data: { decision: "reject", revisionId: detail.currentRevisionId, comment: "still triples" },
        headers: { origin: baseURL! },
      });
      expect(elsewhere.status()).toBe(201);
      // This page still shows it pending: its accept goes out and the server refuses it.
      await ann.keyboard.press("a");
      await expect(ann.getByTestId("decision-refused")).toContainText(
        /^ann@review\.e2e rejected this item at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(revision 1\); it is decided\./,
      );
      await expect(ann.getByTestId("decision-standing")).toContainText("Rejected by ann@review.e2e (revision 1)");
      await expect(ann.getByTestId("decision-standing")).toContainText("still triples");
      await testInfo.attach("decision refused", {
        body: await ann.screenshot({ fullPage: true, path: testInfo.outputPath("decision-refused.png") }),
        contentType: "image/png",
      });
    });
  } finally {
    await annContext.close();
    await bobContext.close();
  }
});

test("a long queue is windowed: only the rows in view are drawn, the next keyset page loads as it scrolls; filters apply on the server", async ({
  page,
}) => {
  await signedIn(page, "bulk@review.e2e");
  await page.goto("/projects/review-bulk/review");
  const list = page.getByTestId("queue-list");
  await expect(list).toHaveAttribute("data-loaded", "50");
  const drawn = await page.getByTestId("queue-item").count();
  expect(drawn).toBeGreaterThan(3);
  expect(drawn).toBeLessThan(40);
  await list.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await expect(list).toHaveAttribute("data-loaded", "100");
  expect(await page.getByTestId("queue-item").count()).toBeLessThan(40);
  await expect(page.getByTestId("queue-item").last()).toContainText(/Bulk problem \d+/);

  await page.getByTestId("filter-language").fill("java");
  await page.getByTestId("filter-min-score").fill("5");
  await page.getByTestId("filter-sort").selectOption("oldest");
  await expect(page.getByTestId("queue-item").first()).toHaveText(/^Bulk problem 9java/); // i = 9: java (odd), score 5
  for (const meta of await page.getByTestId("queue-item").allTextContents())
    expect(meta).toMatch(/java · synthesized · tests pass · pending · 5\.0/);
});
