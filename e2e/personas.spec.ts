import { expect, test } from "@playwright/test";
import { fixtureAccount, rosettaCli, signedIn } from "./accounts";
import { checkLayouts, watchConsole } from "./page-checks";

/**
 * Per-language agent profiles and evolution operations in the protocol settings: the built-in
 * defaults shown, a language given its own profile and saved, then reset to the default.
 */

const ADMIN = "admin@personas.e2e";

test.beforeAll(async () => {
  try {
    rosettaCli(["project", "create", "--project", "personas-e2e", "--languages", "python,rust"]);
  } catch (error) {
    // A retry's beforeAll finds the project made by the first attempt.
    if (!/already|exists|taken/i.test((error as Error).message)) throw error;
  }
  await fixtureAccount(ADMIN, { admin: true });
});

test("edit a language's agent profile and operations, defaults shown, reset to default", async ({ page }, testInfo) => {
  const pageConsole = watchConsole(page);
  await signedIn(page, ADMIN);
  await page.goto("/projects/personas-e2e/settings");

  const profile = page.getByLabel("Agent profile");
  const operations = page.getByLabel("Evolution operations (one per line)");
  await page.getByLabel("Profile and evolution operations for").selectOption({ label: "Rust" });
  await expect(profile).toHaveValue("");
  await expect(profile).toHaveAttribute("placeholder", /You are a Rust programming expert/);
  await expect(operations).toHaveAttribute("placeholder", /raise the difficulty/);
  await expect(page.getByTestId("persona-profile-badge")).toHaveText("default");
  await expect(page.getByText("Applies to agents created after you save")).toBeVisible();

  await profile.fill("You are a Rust expert who cares about ownership and lifetimes.");
  await operations.fill("require no heap allocation\nadd a lifetime-bound API");
  await expect(page.getByTestId("persona-profile-badge")).toHaveText("custom");
  await page.getByTestId("protocol-save").click();
  await expect(page.getByTestId("protocol-message")).toContainText("Saved");
  await checkLayouts(page, testInfo, "protocol-personas");

  // Stored: a fresh page shows Rust's own profile; Python kept the default.
  await page.reload();
  await page.getByLabel("Profile and evolution operations for").selectOption({ label: "Rust (custom)" });
  await expect(profile).toHaveValue("You are a Rust expert who cares about ownership and lifetimes.");
  await expect(operations).toHaveValue("require no heap allocation\nadd a lifetime-bound API");
  await page.getByRole("button", { name: "Reset to default" }).first().click();
  await expect(profile).toHaveValue("");
  await expect(page.getByTestId("persona-profile-badge")).toHaveText("default");
  await page.getByTestId("protocol-save").click();
  await expect(page.getByTestId("protocol-message")).toContainText("Saved");
  const stored = JSON.parse(rosettaCli(["project", "settings", "--project", "personas-e2e"])) as {
    agents: { profiles: Record<string, string>; evolutionOperationsByLanguage: Record<string, string[]> };
  };
  expect(stored.agents.profiles).toEqual({});
  expect(stored.agents.evolutionOperationsByLanguage).toEqual({ rust: ["require no heap allocation", "add a lifetime-bound API"] });
  pageConsole.expectNone();
});
