import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect } from "@playwright/test";
import { studioDatabaseUrl } from "./config";

export const E2E_PASSWORD = "e2e password, long enough";

/** Runs the `rosetta` CLI against the studio under test, as an operator would; its standard output. */
export function rosettaCli(args: string[], input?: string): string {
  const result = spawnSync(process.execPath, [path.resolve(import.meta.dirname, "..", "bin", "rosetta.js"), ...args], {
    input,
    env: { ...process.env, DATABASE_URL: studioDatabaseUrl() },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`rosetta ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

/** An account made the way an operator makes one: `rosetta user create`, the password piped in. */
export function createAccount(email: string, args: string[] = []): void {
  try {
    rosettaCli(["user", "create", "--email", email, ...args], `${E2E_PASSWORD}\n`);
  } catch (error) {
    // A spec's beforeAll runs again after a failure restarts the worker: the account is there.
    if (!/exists already/.test((error as Error).message)) throw error;
  }
}

export async function signInThroughTheForm(page: Page, email: string, password = E2E_PASSWORD): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signedIn(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  await signInThroughTheForm(page, email);
  await expect(page.getByTestId("session-bar")).toContainText(email);
}
