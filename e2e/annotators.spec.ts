import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { fixtureAccount, signedIn } from "./accounts";
import { uuidv7 } from "../lib/ids";
import { studioDatabaseUrl } from "./config";

/**
 * Two annotators and a curator on one item: the curator asks for two decisions per item and a
 * rubric; each annotator decides the item in their own browser (one accepts, one rejects, each
 * answering the rubric) without seeing the other's decision, and never gets it again in their to-do
 * queue; it shows as disputed; the curator settles it in the adjudication queue with both decisions
 * side by side, and it ends final with all three in its history. The items are written straight
 * into the studio's database, as a finished run would have left them.
 */

const SLUG = "annotators-e2e";
const ANN = "ann@annotators.e2e";
const BOB = "bob@annotators.e2e";
const CORA = "cora@annotators.e2e";

let clock = Date.now();
const uuid7 = () => uuidv7(clock++);

async function insertCandidate(db: pg.Client, projectId: string, instruction: string, solution: string, tests: string): Promise<void> {
  const id = uuid7();
  const revisionId = uuid7();
  await db.query(
    `insert into candidates (id, project_id, language, total_score, verification_status, updated_at) values ($1, $2, 'python', 4, 'PASS', now())`,
    [id, projectId],
  );
  await db.query(
    `insert into revisions (id, candidate_id, number, author_kind, instruction, solution, tests) values ($1, $2, 1, 'AGENT', $3, $4, $5)`,
    [revisionId, id, instruction, solution, tests],
  );
  await db.query(`update candidates set current_revision_id = $1 where id = $2`, [revisionId, id]);
}

test.beforeAll(async () => {
  const db = new pg.Client({ connectionString: studioDatabaseUrl() });
  await db.connect();
  try {
    // beforeAll runs again in the worker Playwright restarts after a failure: the data is there then.
    if (!(await db.query(`select 1 from projects where slug = $1`, [SLUG])).rows.length) {
      const project = uuid7();
      await db.query(
        `insert into projects (id, slug, name, languages, settings, updated_at) values ($1, $2, $2, '{python}', '{}', now())`,
        [project, SLUG],
      );
      // Oldest first: "Sum two numbers." is the newest, so it heads every queue.
      await insertCandidate(db, project, "Square a number.", "def square(x):\n    return x * x\n", "assert square(3) == 9\n");
      await insertCandidate(db, project, "Sum two numbers.", "def add(a, b):\n    return a + b\n", "assert add(2, 3) == 5\n");
    }
  } finally {
    await db.end();
  }
  await fixtureAccount(ANN, { project: SLUG, role: "annotator" });
  await fixtureAccount(BOB, { project: SLUG, role: "annotator" });
  await fixtureAccount(CORA, { project: SLUG, role: "curator" });
});

const item = (page: Page, text: string) => page.getByTestId("queue-item").filter({ hasText: text });
const scale = (page: Page, question: string, score: number) =>
  page.getByTestId(`rubric-${question}`).getByRole("radio", { name: String(score), exact: true });

test("two annotators disagree on an item, a curator adjudicates it with both decisions in view, and it ends final", async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(180_000);
  const contexts = await Promise.all([0, 1, 2].map(() => browser.newContext({ viewport: { width: 1440, height: 1000 } })));
  const [ann, bob, cora] = await Promise.all(contexts.map((context) => context.newPage()));
  try {
    await test.step("the curator asks for two annotators per item and a rubric (through the settings API)", async () => {
      await signedIn(cora!, CORA);
      const saved = await cora!.request.patch(`/api/projects/${SLUG}/settings`, {
        data: {
          settings: {
            review: {
              overlap: 2,
              rubric: [
                { id: "clarity", kind: "scale", label: "Clarity of the instruction", aspect: "clarity", required: true },
                { id: "issues", kind: "labels", label: "Issues", options: ["vague", "wrong tests", "none"], multiple: true },
                { id: "note", kind: "text", label: "Note for the curator" },
              ],
            },
          },
        },
        headers: { origin: baseURL! },
      });
      expect(saved.status()).toBe(200);
    });

    await test.step("ann starts in her to-do queue; the rubric is asked with her decision, its required question checked first", async () => {
      await signedIn(ann!, ANN);
      await ann!.goto(`/projects/${SLUG}/review`);
      await expect(ann!.getByTestId("queue-mode-todo")).toHaveAttribute("aria-selected", "true");
      await expect(ann!.getByTestId("queue-mode-adjudication")).toHaveCount(0);
      await expect(ann!.getByTestId("queue-item")).toHaveCount(2);
      await expect(item(ann!, "Sum two numbers.")).toHaveAttribute("data-selected", "true");
      await expect(item(ann!, "Sum two numbers.").getByTestId("queue-item-overlap")).toHaveText("· 0 of 2 decided");
      await expect(ann!.getByTestId("claim-mine")).toBeVisible();
      const form = ann!.getByTestId("rubric-form");
      await expect(form).toContainText("Clarity of the instruction *");
      await ann!.keyboard.press("a");
      await expect(ann!.getByTestId("rubric-problems")).toHaveText('"Clarity of the instruction" needs an answer');
      await scale(ann!, "clarity", 4).click();
      await expect(scale(ann!, "clarity", 4)).toHaveAttribute("aria-checked", "true");
      await form.getByLabel("none").check();
      // The keys still work with the focus on a rubric's checkbox.
      await ann!.keyboard.press("a");
      await expect(ann!.getByTestId("review-message")).toHaveText("Your decision is in: 1 of 2 annotators");
      // Her to-do queue moves on: the item she decided is not handed to her again.
      await expect(ann!.getByTestId("queue-item")).toHaveCount(1);
      await expect(item(ann!, "Square a number.")).toHaveAttribute("data-selected", "true");
      await expect(ann!.getByTestId("claim-mine")).toBeVisible();
    });

    await test.step("bob decides blind: he does not see ann's decision; he rejects, answering the rubric; the item is disputed", async () => {
      await signedIn(bob!, BOB);
      await bob!.goto(`/projects/${SLUG}/review`);
      await expect(item(bob!, "Sum two numbers.")).toHaveAttribute("data-selected", "true");
      await expect(item(bob!, "Sum two numbers.").getByTestId("queue-item-overlap")).toHaveText("· 1 of 2 decided");
      await expect(bob!.getByTestId("claim-mine")).toBeVisible();
      await expect(bob!.getByTestId("decision-standing-none")).toHaveText("Not decided yet (1 of 2 annotators have decided).");
      await expect(bob!.getByTestId("review-detail")).not.toContainText(ANN);
      await expect(bob!.getByTestId("annotation-decision")).toHaveCount(0);
      await scale(bob!, "clarity", 2).click();
      await bob!.getByTestId("rubric-form").getByLabel("vague").check();
      await bob!.getByTestId("rubric-note").fill("Which numbers: integers, floats?");
      // The focus is in the note (its keys are text there): the button rejects.
      await bob!
        .getByTestId("decision-bar")
        .getByRole("button", { name: /^Reject/ })
        .click();
      await bob!.getByTestId("reject-reason").fill("The statement never says which numbers.");
      await bob!.keyboard.press("Enter");
      await expect(bob!.getByTestId("review-message")).toContainText("the annotators disagree, so a curator decides");
      // Nothing left for him: the other item is ann's while she reviews it.
      await expect(bob!.getByTestId("queue-item")).toHaveCount(0);
      await expect(bob!.getByTestId("queue-list")).toContainText("Nothing to review");
    });

    await test.step("neither annotator gets the item again in their to-do queue; among all items it shows as disputed", async () => {
      for (const page of [ann!, bob!]) {
        await page.reload();
        await expect(page.getByTestId("queue-mode-todo")).toHaveAttribute("aria-selected", "true");
        // Shown with the items others are reviewing too (ann holds the other one).
        await page.getByTestId("filter-hide-claimed").uncheck();
        await expect(page.getByTestId("queue-item")).toHaveCount(1);
        await expect(item(page, "Square a number.")).toBeVisible();
        await expect(item(page, "Sum two numbers.")).toHaveCount(0);
      }
      await ann!.getByTestId("queue-mode-all").click();
      await ann!.getByTestId("filter-review").selectOption("DISPUTED");
      await expect(item(ann!, "Sum two numbers.").getByTestId("queue-item-disputed")).toBeVisible();
      await item(ann!, "Sum two numbers.").click();
      await expect(ann!.getByTestId("decision-disputed")).toBeVisible();
      // Disputed, both decisions are open to the annotators too; neither can decide it again.
      await expect(ann!.getByTestId("annotation-decision")).toHaveCount(2);
      await expect(ann!.getByTestId("rubric-form")).toHaveCount(0);
    });

    await test.step("the curator finds it in the adjudication queue, both decisions side by side, and accepts it: final", async () => {
      await cora!.goto(`/projects/${SLUG}/review`);
      await expect(cora!.getByTestId("adjudication-count")).toHaveText("1");
      await cora!.getByTestId("queue-mode-adjudication").click();
      await expect(cora!.getByTestId("queue-item")).toHaveCount(1);
      await expect(item(cora!, "Sum two numbers.")).toHaveAttribute("data-selected", "true");
      const panel = cora!.getByTestId("adjudication-panel");
      await expect(panel.getByTestId("annotation-decision")).toHaveCount(2);
      const annCard = panel.locator(`[data-testid="annotation-decision"][data-by="${ANN}"]`);
      const bobCard = panel.locator(`[data-testid="annotation-decision"][data-by="${BOB}"]`);
      await expect(annCard).toHaveAttribute("data-decision", "ACCEPT");
      await expect(annCard.locator('[data-question="clarity"]')).toHaveText("4 / 5");
      await expect(annCard.locator('[data-question="issues"]')).toHaveText("none");
      await expect(bobCard).toHaveAttribute("data-decision", "REJECT");
      await expect(bobCard.getByTestId("annotation-comment")).toHaveText("The statement never says which numbers.");
      await expect(bobCard.locator('[data-question="clarity"]')).toHaveText("2 / 5");
      await expect(bobCard.locator('[data-question="note"]')).toHaveText("Which numbers: integers, floats?");
      await testInfo.attach("adjudication", {
        body: await cora!.screenshot({ fullPage: true, path: testInfo.outputPath("adjudication.png") }),
        contentType: "image/png",
      });
      await cora!.getByTestId("adjudication-comment").fill("Two numbers is clear enough; the tests pin them down.");
      await cora!.getByTestId("adjudicate-accept").click();
      await expect(cora!.getByTestId("review-message")).toContainText("Accepted (final): Sum two numbers.");
      await expect(cora!.getByTestId("queue-item")).toHaveCount(0);
      await expect(cora!.getByTestId("adjudication-count")).toHaveText("0");
    });

    await test.step("the item is final, the curator's decision standing and both annotators' in its history", async () => {
      await cora!.getByTestId("queue-mode-all").click();
      await cora!.getByTestId("filter-review").selectOption("ACCEPTED");
      await item(cora!, "Sum two numbers.").click();
      const standing = cora!.getByTestId("decision-standing");
      await expect(standing).toHaveAttribute("data-decision", "ACCEPT");
      await expect(standing).toContainText(`by ${CORA}`);
      await expect(standing).toContainText("the tests pin them down");
      const history = cora!.getByTestId("decision-history");
      await expect(history).toContainText(`Accepted by ${ANN} (revision 1)`);
      await expect(history).toContainText(`Rejected by ${BOB} (revision 1)`);
      await expect(history).toContainText("The statement never says which numbers.");
      // An annotator sees it the same way now that it is final.
      await ann!.reload();
      await ann!.getByTestId("queue-mode-all").click();
      await ann!.getByTestId("filter-review").selectOption("ACCEPTED");
      // The curator still has it open (claimed): shown all the same.
      await ann!.getByTestId("filter-hide-claimed").uncheck();
      await item(ann!, "Sum two numbers.").click();
      await expect(ann!.getByTestId("decision-standing")).toContainText(`by ${CORA}`);
      await expect(ann!.getByTestId("decision-history")).toContainText(`Rejected by ${BOB}`);
    });
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
});
