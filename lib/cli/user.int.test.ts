import { afterAll, describe, expect, it } from "vitest";
import { sessionPrincipal, signIn, tokenPrincipal } from "@/lib/auth/accounts";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { rosetta } from "@/lib/testing/cli";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());
const run = (args: string[], input?: string) => rosetta(args, { DATABASE_URL: env.DATABASE_URL! }, { input });

describe("rosetta user", () => {
  it("creates an administrator with a piped password, who can then sign in; no default account exists before", async () => {
    expect(await db.user.count()).toBe(0);
    const created = await run(["user", "create", "--email", "Admin@Example.com", "--admin"], "a long enough password\n");
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain("Created administrator admin@example.com.");
    expect(created.stdout).not.toContain("Password");
    const { token } = await signIn(db, { email: "admin@example.com", password: "a long enough password", ip: "127.0.0.1" });
    expect(await sessionPrincipal(db, token)).toMatchObject({ kind: "user", admin: true });
    expect(await db.auditEvent.findFirst({ where: { action: "user.create" } })).toMatchObject({
      actorLabel: expect.stringMatching(/^rosetta CLI/),
    });
  });

  it("makes up a password and shows it once when none is piped in, and adds the user to a project", async () => {
    await db.project.create({ data: { slug: "cli-users", name: "cli-users", languages: [], settings: {} } });
    const created = await run(["user", "create", "--email", "ann@example.com", "--project", "cli-users", "--role", "annotator"]);
    expect(created.code, created.stderr).toBe(0);
    const password = /Password \(shown once; change it after signing in\): (\S+)/.exec(created.stdout)?.[1];
    expect(password?.length).toBeGreaterThanOrEqual(20);
    const { token } = await signIn(db, { email: "ann@example.com", password: password!, ip: "127.0.0.1" });
    expect(Object.values((await sessionPrincipal(db, token)) as { projectRoles: Record<string, string> }).length).toBeGreaterThan(0);
  });

  it("creates, lists and revokes API tokens, never listing a secret", async () => {
    const created = await run([
      "user",
      "token",
      "create",
      "--email",
      "ann@example.com",
      "--name",
      "ci",
      "--role",
      "viewer",
      "--project",
      "cli-users",
    ]);
    expect(created.code, created.stderr).toBe(0);
    const [, id, token] = /API token (\S+) \(viewer in cli-users\), shown once:\n(rst_\S+)/.exec(created.stdout) ?? [];
    expect(await tokenPrincipal(db, token)).toMatchObject({ kind: "token", role: "viewer" });
    const listed = await run(["user", "token", "list"]);
    expect(listed.stdout).toContain(`${id}  rst_`);
    expect(listed.stdout).not.toContain(token!);
    expect((await run(["user", "token", "revoke", id!])).code).toBe(0);
    expect(await tokenPrincipal(db, token)).toEqual({ kind: "anonymous" });
  });

  it("says what is wrong, without a stack trace", async () => {
    const cases = [
      [["user", "create", "--email", "ann@example.com"], /exists already/],
      [["user", "create", "--email", "x@example.com", "--role", "boss"], /Unknown role "boss" \(roles: viewer, annotator, curator\)/],
      [["user", "create", "--email", "y@example.com", "--project", "nope"], /No project "nope"/],
      [["user", "token", "revoke", "nonsense"], /"nonsense" is not a token id/],
    ] as const;
    for (const [args, message] of cases) {
      const result = await run([...args], (args as readonly string[]).includes("ann@example.com") ? "another long password\n" : undefined);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    const weak = await run(["user", "create", "--email", "weak@example.com"], "short\n");
    expect(weak.stderr).toContain("A password needs at least 12 characters.");
  });
});
