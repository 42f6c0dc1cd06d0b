import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { fixtureAccount, signedIn } from "./accounts";
import { studioDatabaseUrl } from "./config";
import { checkLayouts, watchConsole } from "./page-checks";

/**
 * The review settings on the project's settings page: a curator asks two annotators for every Rust
 * item, writes a rubric (a 1–5 clarity question tied to the scorer's clarity aspect, a labels
 * question), sees a bad value named beside its field, saves, reloads and finds it all; an annotator
 * reads the same section with every control disabled.
 */

const SLUG = "review-settings-e2e";
const CURATOR = "curator@review-settings.e2e";
const ANNOTATOR = "annotator@review-settings.e2e";

test.beforeAll(async () => {
  const db = new pg.Client({ connectionString: studioDatabaseUrl() });
  await db.connect();
  try {
    await db.query(
      `insert into projects (id, slug, name, languages, settings, updated_at)
       values (gen_random_uuid(), $1, 'Review settings e2e', '{python,rust}', '{}', now()) on conflict (slug) do nothing`,
      [SLUG],
    );
  } finally {
    await db.end();
  }
  await fixtureAccount(CURATOR, { project: SLUG, role: "curator" });
  await fixtureAccount(ANNOTATOR, { project: SLUG, role: "annotator" });
});

const review = (page: Page) => page.locator("#review");

test("a curator sets overlap 2 for Rust and a rubric, and finds them after a reload; an annotator reads them", async ({
  page,
}, testInfo) => {
  const console = watchConsole(page);
  await signedIn(page, CURATOR);
  await page.goto(`/projects/${SLUG}/settings`);
  const section = review(page);
  await expect(section.getByRole("heading", { name: "Review" })).toBeVisible();
  await expect(section.getByTestId("rubric-empty")).toBeVisible();
  // A row per project language, blank: the project's overlap.
  await expect(section.getByTestId("review-overlap-python")).toHaveValue("");
  await expect(section.getByTestId("review-overlap-go")).toHaveCount(0);

  await section.getByTestId("review-overlap-rust").fill("2");
  await expect(section.getByTestId("review-overlap-impact")).toContainText("an item pending with one decision needs a second one");

  // A 1–5 question: its id follows the label until edited; tied to the scorer's clarity aspect.
  await section.getByTestId("rubric-add").click();
  await section.getByTestId("rubric-label-0").fill("Is the code clear?");
  await expect(section.getByTestId("rubric-id-0")).toHaveValue("is_the_code_clear");
  await section.getByTestId("rubric-id-0").fill("clarity");
  await section.getByTestId("rubric-label-0").fill("Is the code clear and readable?");
  await expect(section.getByTestId("rubric-id-0")).toHaveValue("clarity");
  await section.getByTestId("rubric-aspect-0").selectOption("clarity");
  await section.getByTestId("rubric-required-0").check();
  await expect(section.getByTestId("rubric-preview-0")).toContainText("Is the code clear and readable? *");

  // A free-text question, moved to the top and then removed again.
  await section.getByTestId("rubric-add").click();
  await section.getByTestId("rubric-label-1").fill("Notes");
  await section.getByTestId("rubric-kind-1").selectOption("text");
  await section.getByTestId("rubric-up-1").click();
  await expect(section.getByTestId("rubric-label-0")).toHaveValue("Notes");
  await section.getByTestId("rubric-remove-0").click();
  await expect(section.getByTestId("rubric-label-0")).toHaveValue("Is the code clear and readable?");

  // A labels question with a taxonomy, one label per answer.
  await section.getByTestId("rubric-add").click();
  await section.getByTestId("rubric-label-1").fill("Issues");
  await section.getByTestId("rubric-kind-1").selectOption("labels");
  await section.getByTestId("rubric-options-1").fill("off-topic\nwrong language\ntoo easy");
  await section.getByTestId("rubric-multiple-1").selectOption("single");

  // Bad values are named beside their fields, and nothing is sent.
  await section.getByTestId("review-share").fill("150");
  await section.getByTestId("rubric-id-1").fill("Issues!");
  await section.getByTestId("review-save").click();
  await expect(section.getByTestId("field-error-review.overlapShare")).toHaveText("a percentage from 0 to 100");
  await expect(section.getByTestId("field-error-review.rubric.1.id")).toContainText("lower-case letters, digits or underscores");
  await section.getByTestId("review-share").fill("100");
  await section.getByTestId("rubric-id-1").fill("issues");
  await section.getByTestId("review-save").click();
  await expect(section.getByTestId("review-message")).toContainText("Saved");
  await expect(section.getByTestId("field-error-review.overlapShare")).toHaveCount(0);
  await expect(section.getByTestId("review-overlap-impact")).toHaveCount(0);

  // Only what differs from the defaults is stored.
  const stored = (await (await page.request.get(`/api/projects/${SLUG}/settings`)).json()) as { storedSettings: unknown };
  expect(stored.storedSettings).toEqual({
    review: {
      overlapByLanguage: { rust: 2 },
      rubric: [
        { id: "clarity", label: "Is the code clear and readable?", required: true, kind: "scale", aspect: "clarity" },
        {
          id: "issues",
          label: "Issues",
          required: false,
          kind: "labels",
          options: ["off-topic", "wrong language", "too easy"],
          multiple: false,
        },
      ],
    },
  });

  await page.reload();
  const reloaded = review(page);
  await expect(reloaded.getByTestId("review-overlap-rust")).toHaveValue("2");
  await expect(reloaded.getByTestId("review-overlap")).toHaveValue("1");
  await expect(reloaded.getByTestId("review-share")).toHaveValue("100");
  await expect(reloaded.getByTestId("rubric-id-0")).toHaveValue("clarity");
  await expect(reloaded.getByTestId("rubric-aspect-0")).toHaveValue("clarity");
  await expect(reloaded.getByTestId("rubric-required-0")).toBeChecked();
  await expect(reloaded.getByTestId("rubric-kind-1")).toHaveValue("labels");
  await expect(reloaded.getByTestId("rubric-options-1")).toHaveValue("off-topic\nwrong language\ntoo easy");
  await expect(reloaded.getByTestId("rubric-multiple-1")).toHaveValue("single");
  await reloaded.scrollIntoViewIfNeeded();
  await checkLayouts(page, testInfo, "review-settings");
  // A saved question's id no longer follows its label: answers are stored under it.
  await reloaded.getByTestId("rubric-label-1").fill("Problems");
  await expect(reloaded.getByTestId("rubric-id-1")).toHaveValue("issues");
  console.expectNone();

  await page.getByRole("button", { name: "Sign out" }).click();
  await signedIn(page, ANNOTATOR);
  await page.goto(`/projects/${SLUG}/settings`);
  const readOnly = review(page);
  await expect(readOnly.getByTestId("needs-role")).toHaveText("Changing the review settings needs the curator role in this project.");
  await expect(readOnly.getByTestId("review-overlap-rust")).toHaveValue("2");
  await expect(readOnly.getByTestId("review-overlap-rust")).toBeDisabled();
  await expect(readOnly.getByTestId("rubric-label-0")).toHaveValue("Is the code clear and readable?");
  await expect(readOnly.getByTestId("rubric-label-0")).toBeDisabled();
  await expect(readOnly.getByTestId("rubric-aspect-0")).toBeDisabled();
  await expect(readOnly.getByTestId("rubric-add")).toBeDisabled();
  await expect(readOnly.getByTestId("review-save")).toBeDisabled();
  console.expectNone();
});
