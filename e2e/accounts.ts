import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect } from "@playwright/test";
import pg from "pg";
import { uuidv7 } from "../lib/ids";
import { fixturePasswordHash } from "../lib/testing/fixture-password";
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

/**
 * An account as `rosetta user create --email … [--admin | --project <slug> --role <role>]` leaves
 * it (without the audit event), written straight to the studio's database with a fixture's cheap
 * password hash: a CLI process per account cost ~3 s of start-up and production-cost hashing, and
 * each sign-in another second, for ~45 accounts. The CLI's own path is tested in
 * lib/cli/user.int.test.ts and end to end by flow.spec and audit.spec (createAccount).
 */
export async function fixtureAccount(email: string, options: { admin?: boolean; project?: string; role?: string } = {}): Promise<void> {
  const db = new pg.Client({ connectionString: studioDatabaseUrl() });
  await db.connect();
  try {
    // A spec's beforeAll runs again after a failure restarts the worker: the account is there.
    await db.query(
      `insert into users (id, email, password_hash, global_role, updated_at) values ($1, $2, $3, $4, now()) on conflict (email) do nothing`,
      [uuidv7(), email.toLowerCase(), fixturePasswordHash(E2E_PASSWORD), options.admin ? "ADMIN" : "MEMBER"],
    );
    if (!options.project) return;
    const project = await db.query<{ id: string }>(`select id from projects where slug = $1`, [options.project]);
    if (!project.rows[0]) throw new Error(`fixtureAccount ${email}: no project "${options.project}"`);
    await db.query(
      `insert into project_members (id, project_id, user_id, role, updated_at)
       select $1, $2, id, $4::project_role, now() from users where email = $3
       on conflict (project_id, user_id) do nothing`,
      [uuidv7(), project.rows[0].id, email.toLowerCase(), (options.role ?? "viewer").toUpperCase()],
    );
  } finally {
    await db.end();
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
