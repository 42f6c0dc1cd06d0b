import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { fixtureAccount, rosettaCli, signedIn } from "./accounts";
import { studioDatabaseUrl } from "./config";
import { checkLayouts, watchConsole } from "./page-checks";

/**
 * The agreement page over reviews written into the studio's database as two annotators and a curator
 * would leave them (no model needed): the headline κ, the per-language and per-pair tables, the
 * judge against the humans, and the disagreement list's link into the review screen.
 */

const SLUG = "agreement-e2e";
const EMAIL = "agree@agreement.e2e";
const DISPUTED = "Reverse a singly linked list in place.";

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
  const dir = mkdtempSync(path.join(os.tmpdir(), "rosetta-e2e-agreement-"));
  const file = path.join(dir, "snippets.jsonl");
  writeFileSync(file, JSON.stringify({ code: "def a():\n    return 1\n", language: "python", path: "a.py" }) + "\n");
  rosettaCli(["import", file, "--project", SLUG]);
  await fixtureAccount(EMAIL, { admin: true });
  await fixtureAccount("ann@agreement.e2e");
  await fixtureAccount("bob@agreement.e2e");
});

test.beforeAll(async () => {
  const [project] = await sql<{ id: string }>(`select id from projects where slug = $1`, [SLUG]);
  const users = await sql<{ id: string; email: string }>(`select id, email from users where email like '%@agreement.e2e'`);
  const user = (name: string) => users.find((u) => u.email.startsWith(name))!.id;
  await sql(`update projects set settings = settings || $2::jsonb where id = $1`, [
    project!.id,
    JSON.stringify({ review: { overlap: 2, rubric: [{ id: "clarity", label: "Clarity", kind: "scale", aspect: "clarity" }] } }),
  ]);
  // Four python items both decided: A/A, R/R, A/R (disputed), A/A → p_o = 3/4, p_e = 1/2, κ = 0.5.
  const rows: [string, string, string, string, number, number, number][] = [
    ["Sum a list of integers.", "ACCEPTED", "ACCEPT", "ACCEPT", 4, 4, 4],
    ["Print hello.", "REJECTED", "REJECT", "REJECT", 2, 1, 2],
    [DISPUTED, "DISPUTED", "ACCEPT", "REJECT", 5, 2, 4],
    ["Parse an integer.", "ACCEPTED", "ACCEPT", "ACCEPT", 4, 5, 5],
  ];
  for (const [instruction, status, ann, bob, annScore, bobScore, judge] of rows) {
    const scores = JSON.stringify([{ expert: "clarity", score: judge, reason: "r" }]);
    const [candidate] = await sql<{ id: string }>(
      `insert into candidates (id, project_id, language, verification_status, review_status, scores, updated_at)
       values (uuidv7(), $1, 'python', 'PASS', $2::review_status, $3::jsonb, now()) returning id`,
      [project!.id, status, scores],
    );
    const [revision] = await sql<{ id: string }>(
      `insert into revisions (id, candidate_id, number, author_kind, instruction, solution, tests)
       values (uuidv7(), $1, 1, 'AGENT', $2, 'def f():\n    pass\n', 'assert True') returning id`,
      [candidate!.id, instruction],
    );
    await sql(`update candidates set current_revision_id = $2 where id = $1`, [candidate!.id, revision!.id]);
    for (const [who, decision, score] of [
      ["ann", ann, annScore],
      ["bob", bob, bobScore],
    ] as const)
      await sql(
        `insert into reviews (id, candidate_id, revision_id, reviewer_id, decision, kind, rubric)
         values (uuidv7(), $1, $2, $3, $4::review_decision, 'ANNOTATION', $5::jsonb)`,
        [candidate!.id, revision!.id, user(who), decision, JSON.stringify({ clarity: score })],
      );
  }
});

test("the agreement page shows κ per language and pair, the judge against the humans, and links a disagreement to its item", async ({
  page,
}, testInfo) => {
  const console = watchConsole(page);
  await signedIn(page, EMAIL);
  await page.goto(`/projects/${SLUG}`);
  await expect(page.getByTestId("dashboard-disputed")).toContainText("1 disputed — adjudicate");
  await page.getByTestId("project-nav").getByRole("link", { name: "Agreement" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${SLUG}/agreement$`));

  const overall = page.getByTestId("agreement-overall");
  await expect(overall).toContainText("Cohen's κ");
  await expect(overall).toContainText("κ 0.50");
  await expect(overall).toContainText("moderate");
  await expect(overall).toContainText("4 items · 2 annotators · 75 % agree");
  await expect(page.getByTestId("agreement-disputed")).toContainText("1");
  await expect(page.getByTestId("agreement-languages").locator('[data-language="python"]')).toContainText("κ 0.50");
  await expect(page.getByTestId("agreement-pairs")).toContainText("ann@agreement.e2e · bob@agreement.e2e");
  await expect(page.getByTestId("chart-agreement-weekly").getByRole("application")).toBeVisible();
  // Clarity, interval: the weighted κ; the judge: 4 items, under the 10 needed for a verdict.
  await expect(page.getByTestId("agreement-rubric")).toContainText("1–5 scale, interval");
  const judge = page.getByTestId("agreement-judge").locator('[data-aspect="clarity"][data-language="all"]');
  await expect(judge).toHaveAttribute("data-trust", "too-few");
  await expect(judge).toContainText("0.38"); // MAD: (0 + 0.5 + 0.5 + 0.5) / 4

  await checkLayouts(page, testInfo, "agreement");

  const disagreement = page.getByTestId("disagreement-row");
  await expect(disagreement).toHaveCount(1);
  await expect(disagreement).toContainText("disputed");
  await expect(disagreement).toContainText("ann@agreement.e2e: accept");
  await expect(disagreement).toContainText("bob@agreement.e2e: reject");
  await disagreement.getByTestId("disagreement-open").click();
  await expect(page).toHaveURL(/\/review\?item=/);
  await expect(page.getByTestId("review-detail")).toContainText(DISPUTED);
  console.expectNone();
});
