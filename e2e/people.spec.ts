import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { fixtureAccount, E2E_PASSWORD, signedIn } from "./accounts";
import { studioDatabaseUrl } from "./config";
import { checkLayouts, DESKTOP, PHONE, watchConsole } from "./page-checks";

const ADMIN = "root@people.e2e";
const NEWCOMER = "newcomer@people.e2e";
const MEMBER = "member@people.e2e";
const PROJECT = "people-e2e";

test.beforeAll(async () => {
  const db = new pg.Client({ connectionString: studioDatabaseUrl() });
  await db.connect();
  try {
    await db.query(
      `insert into projects (id, slug, name, languages, settings, updated_at) values (gen_random_uuid(), $1, 'People e2e', '{}', '{}', now()) on conflict do nothing`,
      [PROJECT],
    );
  } finally {
    await db.end();
  }
  await fixtureAccount(ADMIN, { admin: true });
  await fixtureAccount(MEMBER, { project: PROJECT, role: "annotator" });
});

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

test("an admin creates a user and hands them a reset link; they set and change their password, and make and revoke a token", async ({
  page,
}, testInfo) => {
  const pageConsole = watchConsole(page);
  await signedIn(page, ADMIN);
  await page.goto("/settings/people");
  await page.getByLabel("Email").fill(NEWCOMER);
  await page.getByLabel("Name").fill("New Comer");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByTestId("new-user-password")).toHaveText(/^\S{20}$/);
  const row = page.getByTestId("user-row").filter({ hasText: NEWCOMER });
  await expect(row).toContainText("never signed in");
  await row.getByRole("button", { name: "Projects" }).click();
  await row.getByLabel(`Project to add ${NEWCOMER} to`).selectOption(PROJECT);
  await row.getByLabel(`Role of ${NEWCOMER} in the new project`).selectOption("annotator");
  await row.getByRole("button", { name: "Add to project" }).click();
  await expect(row).toContainText(`${PROJECT} (annotator)`);
  await row.getByRole("button", { name: "Reset link" }).click();
  const link = await row.getByTestId("reset-link-value").textContent();
  expect(link).toMatch(/\/reset-password\?token=/);
  await checkLayouts(page, testInfo, "people");
  await signOut(page);

  await page.goto(link!);
  await checkLayouts(page, testInfo, "reset-password");
  await page.getByLabel(/^New password/).fill("a password from the link");
  await page.getByLabel("Repeat it").fill("a password from the link");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.getByTestId("session-bar")).toContainText(NEWCOMER);

  await page.goto("/account");
  await page.getByLabel("Current password").fill("not my password at all");
  await page.getByLabel(/^New password/).fill(E2E_PASSWORD);
  await page.getByLabel("Repeat the new password").fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("password-error")).toHaveText("Your current password is not right; the password was not changed.");
  // The browser logs the refusal (a 400) as a console error: that one is expected, nothing else is.
  const refusal = pageConsole.problems.findIndex((problem) => problem.includes("400"));
  if (refusal >= 0) pageConsole.problems.splice(refusal, 1);
  await page.getByLabel("Current password").fill("a password from the link");
  await page.getByLabel(/^New password/).fill(E2E_PASSWORD);
  await page.getByLabel("Repeat the new password").fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("password-changed")).toBeVisible();
  await checkLayouts(page, testInfo, "account");

  await page.goto("/settings/tokens");
  await page.getByLabel("Token name").fill("e2e bot");
  await page.getByLabel("Project").selectOption(PROJECT);
  await page.getByLabel("Token role").selectOption("annotator");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("new-token-secret")).toHaveText(/^rst_\S+$/);
  const token = page.getByTestId("token-row").filter({ hasText: "e2e bot" });
  await expect(token.getByTestId("token-state")).toHaveText("active");
  await checkLayouts(page, testInfo, "tokens");
  await token.getByRole("button", { name: "Revoke e2e bot" }).click();
  await expect(token.getByTestId("token-state")).toHaveText("revoked");
  pageConsole.expectNone();
});

test("an admin changes a member's project role; the audit log shows the day's changes readably, filtered through the URL", async ({
  page,
}, testInfo) => {
  const pageConsole = watchConsole(page);
  await signedIn(page, ADMIN);
  await page.goto(`/projects/${PROJECT}/settings`);
  const members = page.getByTestId("members");
  await members.getByLabel(`Role of ${MEMBER}`).selectOption("curator");
  await expect(members.getByLabel(`Role of ${MEMBER}`)).toHaveValue("curator");
  await checkLayouts(page, testInfo, "project-settings");

  await page.goto("/audit");
  // Other specs add members, make tokens and change passwords too, meanwhile: this spec's two
  // accounts' events only (the actor filter), the newest of each action theirs.
  await page.getByLabel("Actor").fill("@people.e2e");
  await page.getByLabel("Action").fill("member.");
  await expect(page).toHaveURL(/[?&]action=member\./);
  await expect(page).toHaveURL(/[?&]actor=%40people\.e2e/);
  const rows = page.getByTestId("audit-row");
  await expect(rows.filter({ hasText: "member.role" }).first()).toContainText(`user: ${MEMBER}`);
  await expect(rows.filter({ hasText: "member.role" }).first()).toContainText("role: annotator → curator");
  await expect(rows.filter({ hasText: "member.add" }).first()).toContainText(`user: ${NEWCOMER}`);
  await expect(rows.filter({ hasText: "user.create" })).toHaveCount(0);
  // The filters live in the URL: a reload keeps them.
  await page.reload();
  await expect(page.getByLabel("Action")).toHaveValue("member.");
  await expect(page.getByLabel("Actor")).toHaveValue("@people.e2e");
  await expect(rows.filter({ hasText: "member.role" }).first()).toBeVisible();

  await page.getByLabel("Action").fill("");
  await page.getByLabel("Target type").selectOption("api_token");
  await expect(rows.filter({ hasText: "token.revoke" }).first()).toContainText("name: e2e bot");
  await expect(rows.filter({ hasText: "token.revoke" }).first()).toContainText("state: active → revoked");
  await expect(rows.filter({ hasText: "token.create" }).first()).toContainText("role: annotator");
  await page.getByLabel("Target type").selectOption("user");
  await expect(rows.filter({ hasText: "user.password_change" }).first()).toContainText("via: account page");
  await expect(rows.filter({ hasText: "user.password_reset" }).first()).toContainText("method: one-time link");
  await expect(page.getByTestId("audit-list")).not.toContainText("a password from the link");

  // The log unfiltered, as wide as its longest change: never wider than the screen.
  await page.getByLabel("Actor").fill("");
  await page.getByLabel("Target type").selectOption("");
  await expect(rows.first()).toBeVisible();
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    console.log(`audit page: ${width} px wide at a ${size.width} px viewport`);
  }
  await checkLayouts(page, testInfo, "audit");
  pageConsole.expectNone();
});
