import { expect, test } from "@playwright/test";
import pg from "pg";
import { createAccount, fixtureAccount, signedIn } from "./accounts";
import { studioDatabaseUrl } from "./config";

test.beforeAll(async () => {
  const db = new pg.Client({ connectionString: studioDatabaseUrl() });
  await db.connect();
  try {
    await db.query(
      `insert into projects (id, slug, name, languages, settings, updated_at) values (gen_random_uuid(), 'audit-e2e', 'Audit e2e', '{}', '{}', now()) on conflict do nothing`,
    );
  } finally {
    await db.end();
  }
  await fixtureAccount("root@audit.e2e", { admin: true });
  createAccount("curator@audit.e2e", ["--project", "audit-e2e", "--role", "curator"]);
});

test("only an admin reads the audit log; anyone else is told which role it needs", async ({ page }) => {
  await signedIn(page, "curator@audit.e2e");
  await page.goto("/audit");
  await expect(page.getByTestId("audit-error")).toHaveText("This needs the admin role; you are a curator.");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signedIn(page, "root@audit.e2e");
  await page.goto("/audit");
  const rows = page.getByTestId("audit-row");
  // Other specs write to the log meanwhile (a page holds 50 events): narrowed to accounts made,
  // every other action filtered out.
  await page.getByPlaceholder("e.g. user.").fill("user.create");
  // One poll for both: a list still loading (no rows) or not yet filtered (other actions) fails it.
  await expect
    .poll(async () => ({
      curator: await rows.filter({ hasText: "curator@audit.e2e" }).filter({ hasText: "user.create" }).count(),
      otherActions: await rows.filter({ hasNotText: "user.create" }).count(),
    }))
    .toEqual({ curator: 1, otherActions: 0 });
  // Filters combine: an account's creation is never about a token, whatever else the log holds.
  await page.getByLabel("Target type").selectOption("api_token");
  await expect(page).toHaveURL(/[?&]type=api_token/);
  await expect(page.getByText("Nothing recorded for these filters.")).toBeVisible();
});
