import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { fixtureAccount, signedIn } from "./accounts";
import { uuidv7 } from "../lib/ids";
import { studioDatabaseUrl } from "./config";
import { checkLayouts, watchConsole } from "./page-checks";

/**
 * The review page by its buttons only (no keys): accept, edit and save (the verdict replaces
 * "running"), reject with a reason (then shown on the item), a comment and a reply, bulk-accept on a
 * filter after its count, search, and a seed pair opened by its link. Items are written straight
 * into the studio's database, as a finished run would have left them.
 */

const SLUG = "review-buttons";
let clock = Date.now();
const uuid7 = () => uuidv7(clock++);
const ids = { seed: "" };

async function insertItem(
  db: pg.Client,
  projectId: string,
  item: { instruction: string; solution: string; tests: string; language?: string; score?: number; claimedBy?: string },
): Promise<string> {
  const id = uuid7();
  const revisionId = uuid7();
  await db.query(
    `insert into candidates (id, project_id, language, total_score, verification_status, claimed_by_id, claim_expires_at, updated_at)
     values ($1, $2, $3, $4, 'PASS', $5, case when $5::uuid is null then null else now() + interval '1 hour' end, now())`,
    [id, projectId, item.language ?? "python", item.score ?? 4, item.claimedBy ?? null],
  );
  await db.query(
    `insert into revisions (id, candidate_id, number, author_kind, instruction, solution, tests) values ($1, $2, 1, 'AGENT', $3, $4, $5)`,
    [revisionId, id, item.instruction, item.solution, item.tests],
  );
  await db.query(`update candidates set current_revision_id = $1 where id = $2`, [revisionId, id]);
  return id;
}

/** A kept seed pair as a review item: no tests, nothing run. */
async function insertSeedItem(db: pg.Client, projectId: string): Promise<string> {
  const snippet = uuid7();
  const code = "def greet(name):\n    return f'hello {name}'\n";
  await db.query(
    `insert into snippets (id, project_id, code, language, content_hash, token_count, updated_at) values ($1, $2, $3, 'python', $4, 20, now())`,
    [snippet, projectId, code, randomBytes(32).toString("hex")],
  );
  const seed = uuid7();
  await db.query(
    `insert into seed_samples (id, project_id, snippet_id, kind, status, language, instruction, solution, scores, total_score, updated_at) values ($1, $2, $3, 'DS1', 'KEPT', 'python', 'Greet someone by name.', $4, '{}', 4.5, now())`,
    [seed, projectId, snippet, code],
  );
  const id = uuid7();
  const revisionId = uuid7();
  await db.query(
    `insert into candidates (id, project_id, language, source, seed_sample_id, total_score, updated_at) values ($1, $2, 'python', 'DS1', $3, 4.5, now())`,
    [id, projectId, seed],
  );
  await db.query(
    `insert into revisions (id, candidate_id, number, author_kind, instruction, solution, tests) values ($1, $2, 1, 'AGENT', $3, $4, '')`,
    [revisionId, id, "Greet someone by name.", code],
  );
  await db.query(`update candidates set current_revision_id = $1 where id = $2`, [revisionId, id]);
  return id;
}

test.beforeAll(async () => {
  // bob first (the Go item he holds names him); rita once the project exists, as its annotator.
  await fixtureAccount("bob@buttons.e2e");
  const db = new pg.Client({ connectionString: studioDatabaseUrl() });
  await db.connect();
  try {
    const made = await db.query<{ id: string }>(
      `select c.id from candidates c join projects p on p.id = c.project_id where p.slug = $1 and c.source = 'DS1'`,
      [SLUG],
    );
    if (made.rows[0]) {
      ids.seed = made.rows[0].id;
      return;
    }
    const projectId = uuid7();
    await db.query(`insert into projects (id, slug, name, languages, settings, updated_at) values ($1, $2, $2, $3, '{}', now())`, [
      projectId,
      SLUG,
      ["python", "go"],
    ]);
    const bob = (await db.query<{ id: string }>(`select id from users where email = 'bob@buttons.e2e'`)).rows[0]!.id;
    // Go items for the bulk decision: three verified with score ≥ 4, one held by bob, one under the score.
    for (const [i, score] of [4.5, 4, 5].entries())
      await insertItem(db, projectId, {
        instruction: `Go task ${i}`,
        solution: "package main\n",
        tests: "package main\n",
        language: "go",
        score,
      });
    await insertItem(db, projectId, {
      instruction: "Go task held",
      solution: "package main\n",
      tests: "package main\n",
      language: "go",
      score: 4.5,
      claimedBy: bob,
    });
    await insertItem(db, projectId, {
      instruction: "Go task weak",
      solution: "package main\n",
      tests: "package main\n",
      language: "go",
      score: 3,
    });
    ids.seed = await insertSeedItem(db, projectId);
    await insertItem(db, projectId, {
      instruction: "Convert a string to an integer.",
      solution: "def parse_int(s):\n    return int(s)\n",
      tests: "assert parse_int('3') == 3\n",
    });
    await insertItem(db, projectId, {
      instruction: "Double a number.",
      solution: "def double(x):\n    return x * 3\n",
      tests: "assert double(2) == 6\n",
    });
    await insertItem(db, projectId, {
      instruction: "Reverse a string.",
      solution: "def rev(s):\n    return s[::-1]\n",
      tests: "assert rev('ab') == 'ba'\n",
    });
    await insertItem(db, projectId, {
      instruction: "Add one to a number.",
      solution: "def inc(x):\n    return x + 1\n",
      tests: "assert inc(1) == 2\n",
    });
  } finally {
    await db.end();
  }
  await fixtureAccount("rita@buttons.e2e", { project: SLUG, role: "annotator" });
});

const row = (page: Page, text: string) => page.getByTestId("queue-item").filter({ hasText: text });
const bar = (page: Page) => page.getByTestId("decision-bar");

test("accept, edit and save, reject with a reason, then a comment and a reply: all by buttons", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const console = watchConsole(page);
  await signedIn(page, "rita@buttons.e2e");
  await page.goto(`/projects/${SLUG}/review`);
  await expect(row(page, "Add one to a number.")).toHaveAttribute("data-selected", "true");
  await expect(page.locator('[data-testid="diff-view"] .monaco-diff-editor')).toBeVisible();
  await expect(page.locator('[data-testid="tests-diff"] .monaco-diff-editor')).toBeVisible();
  await checkLayouts(page, testInfo, "review");

  await bar(page)
    .getByRole("button", { name: /^Accept/ })
    .click();
  await expect(page.getByTestId("review-message")).toHaveText("Accepted: Add one to a number.");
  await expect(row(page, "Reverse a string.")).toHaveAttribute("data-selected", "true");

  await bar(page).getByRole("button", { name: /^Edit/ }).click();
  await expect(page.getByTestId("diff-view")).toHaveAttribute("data-editable", "true");
  // A click below the text puts the cursor at its end.
  await page.locator('[data-testid="diff-view"] .editor.modified .view-lines').click();
  await page.keyboard.type("# reviewed by rita");
  await bar(page).getByRole("button", { name: "Save edit" }).click();
  await expect(page.getByTestId("review-message")).toHaveText("Saved revision 2.");
  await expect(page.getByTestId("current-verification")).toHaveText(/^Tests of revision 2: pass/, { timeout: 90_000 });
  await expect(page.getByTestId("review-message")).not.toContainText("running");

  await row(page, "Double a number.").click();
  await bar(page)
    .getByRole("button", { name: /^Reject/ })
    .click();
  await page.getByLabel("Why reject it?").fill("double(2) is 4: the solution triples");
  await page.getByTestId("decision-prompt").getByRole("button", { name: "Reject" }).click();
  await expect(page.getByTestId("review-message")).toHaveText("Rejected: Double a number.");
  await page.getByTestId("filter-review").selectOption("REJECTED");
  await expect(row(page, "Double a number.")).toHaveAttribute("data-selected", "true");
  await expect(page.getByTestId("decision-standing")).toContainText("Rejected by rita@buttons.e2e (revision 1)");
  await expect(page.getByTestId("decision-reason")).toHaveText("Reason: double(2) is 4: the solution triples");
  await expect(bar(page).getByRole("button", { name: /^Reopen/ })).toBeVisible();

  await page.getByLabel("Add a comment").fill("Should the tests cover negative numbers?");
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.getByTestId("item-comment")).toHaveCount(1);
  await page.getByTestId("item-comment").getByRole("button", { name: "Reply" }).click();
  await page.getByLabel("Your reply").fill("Yes: double(-2) == -4.");
  await page.getByRole("button", { name: "Post reply" }).click();
  await expect(page.getByTestId("item-comment")).toHaveCount(2);
  await expect(page.getByTestId("item-comment").first().getByTestId("item-comment")).toContainText("Yes: double(-2) == -4.");
  console.expectNone();
});

test("bulk-accept the verified Go items with score ≥ 4 after the count; search; a seed pair by its link", async ({ page }) => {
  const console = watchConsole(page);
  await signedIn(page, "rita@buttons.e2e");
  await page.goto(`/projects/${SLUG}/review`);
  await page.getByTestId("filter-language").fill("go");
  await page.getByTestId("filter-min-score").fill("4");
  await page.getByTestId("filter-verification").selectOption("PASS");
  await expect(page.getByTestId("queue-item")).toHaveCount(3);
  await page.getByRole("button", { name: "Accept all matching…" }).click();
  await expect(page.getByTestId("bulk-count")).toHaveText(
    "3 item(s) would be accepted, of 4 matching; skipped: 1 being reviewed by someone else.",
  );
  await page.getByRole("button", { name: "Accept 3 item(s)" }).click();
  await expect(page.getByTestId("review-message")).toHaveText(
    "Accepted 3 item(s) in one action; skipped: 1 being reviewed by someone else.",
  );
  await expect(page.getByTestId("queue-item")).toHaveCount(0);
  await page.getByTestId("filter-review").selectOption("ACCEPTED");
  await expect(page.getByTestId("queue-item")).toHaveCount(3);

  await page.getByTestId("filter-review").selectOption("PENDING");
  await page.getByTestId("filter-language").fill("");
  await page.getByTestId("filter-min-score").fill("");
  await page.getByTestId("filter-verification").selectOption("");
  await page.getByLabel("Search instructions and code").fill("parse_int");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("queue-item")).toHaveCount(1);
  await expect(row(page, "Convert a string to an integer.")).toBeVisible();

  await page.goto(`/projects/${SLUG}/review?item=${ids.seed}`);
  await expect(page.getByTestId("item-source")).toHaveText("seed pair (DS1)");
  await expect(page.getByTestId("current-verification")).toHaveText("Tests of revision 1: none (a seed pair)");
  await expect(page.locator('[data-testid="diff-view"] .monaco-diff-editor')).toBeVisible();
  await page.getByTestId("filter-source").selectOption("seeds");
  await expect(page.getByTestId("queue-item")).toHaveCount(1);
  await expect(page.getByTestId("queue-item-source")).toHaveText("seed DS1");
  console.expectNone();
});
