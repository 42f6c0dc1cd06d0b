import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionPrincipal, signIn } from "@/lib/auth/accounts";
import { redeemPasswordReset } from "@/lib/auth/password-reset";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { signedInUser, TEST_PASSWORD } from "@/lib/testing/accounts";
import { CLI_TEST_TIMEOUT, rosetta } from "@/lib/testing/cli";

const db = createDb(env.DATABASE_URL!);
const run = (args: string[], input?: string) => rosetta(["user", ...args], { DATABASE_URL: env.DATABASE_URL! }, { input });
let session = "";

beforeAll(async () => {
  await db.project.create({ data: { slug: "cli-people", name: "cli-people", languages: [], settings: {} } });
  await signedInUser(db, { email: "root@cli.test", admin: true });
  session = (await signedInUser(db, { email: "ann@cli.test" })).cookie.split("=")[1]!;
});
afterAll(() => db.$disconnect());

describe("rosetta user list | disable | enable | role | password", { timeout: CLI_TEST_TIMEOUT }, () => {
  it("disables an account (its session ends at once) and enables it again; lists accounts with their state and projects", async () => {
    const disabled = await run(["disable", "--email", "Ann@cli.test"]);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(disabled.stdout).toContain("Disabled ann@cli.test: their sessions have ended");
    expect(await sessionPrincipal(db, decodeURIComponent(session))).toEqual({ kind: "anonymous" });
    expect((await run(["list"])).stdout).toMatch(/^ann@cli\.test {2}member {2}disabled {2}last sign-in \S+ {2}-$/m);
    expect((await run(["enable", "--email", "ann@cli.test"])).stdout).toContain("Enabled ann@cli.test.");
    await expect(signIn(db, { email: "ann@cli.test", password: TEST_PASSWORD, ip: "t" })).resolves.toBeTruthy();
    const events = await db.auditEvent.findMany({ where: { action: { in: ["user.disable", "user.enable"] } }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.action, e.actorLabel.startsWith("rosetta CLI"), e.after])).toEqual([
      ["user.disable", true, { disabled: true }],
      ["user.enable", true, { disabled: false }],
    ]);
  });

  it("sets project roles and the admin flag, and never takes the last admin away", async () => {
    expect((await run(["role", "--email", "ann@cli.test", "--project", "cli-people", "--role", "annotator"])).stdout).toContain(
      "Added ann@cli.test to cli-people as annotator.",
    );
    expect((await run(["role", "--email", "ann@cli.test", "--project", "cli-people", "--role", "curator"])).stdout).toContain(
      "ann@cli.test is curator in cli-people (was annotator).",
    );
    expect((await run(["list"])).stdout).toMatch(/^ann@cli\.test .* cli-people:curator$/m);
    const last = await run(["role", "--email", "root@cli.test", "--no-admin"]);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain("root@cli.test is the only enabled administrator");
    expect((await run(["disable", "--email", "root@cli.test"])).stderr).toContain("only enabled administrator");
    expect((await run(["role", "--email", "ann@cli.test", "--admin"])).stdout).toContain("ann@cli.test is now an administrator.");
    expect((await run(["role", "--email", "root@cli.test", "--no-admin"])).code).toBe(0);
    expect((await run(["role", "--email", "ann@cli.test", "--project", "cli-people", "--remove"])).stdout).toContain(
      "Removed ann@cli.test from cli-people.",
    );
    const actions = (await db.auditEvent.findMany({ where: { action: { startsWith: "member." } }, orderBy: { id: "asc" } })).map((e) => [
      e.action,
      e.before,
      e.after,
    ]);
    expect(actions).toEqual([
      ["member.add", null, { user: "ann@cli.test", role: "annotator" }],
      ["member.role", { user: "ann@cli.test", role: "annotator" }, { role: "curator" }],
      ["member.remove", { user: "ann@cli.test", role: "curator" }, null],
    ]);
  });

  it("sets a piped password, or generates one shown once, or prints a one-time reset link; never audits the secret", async () => {
    expect((await run(["password", "--email", "ann@cli.test"], "a piped new password\n")).stdout).toMatch(
      /New password set for ann@cli\.test; \d+ sessions? ended\./,
    );
    await expect(signIn(db, { email: "ann@cli.test", password: "a piped new password", ip: "t" })).resolves.toBeTruthy();
    const generated = await run(["password", "--email", "ann@cli.test"]);
    const password = /Password \(shown once\): (\S+)/.exec(generated.stdout)?.[1];
    await expect(signIn(db, { email: "ann@cli.test", password: password!, ip: "t" })).resolves.toBeTruthy();
    const link = await run(["password", "--email", "ann@cli.test", "--link"]);
    const token = /\/reset-password\?token=(\S+)/.exec(link.stdout)?.[1];
    await redeemPasswordReset({ db, token: token!, password: "a password from the link", ip: "t" });
    await expect(signIn(db, { email: "ann@cli.test", password: "a password from the link", ip: "t" })).resolves.toBeTruthy();
    const audited = JSON.stringify(await db.auditEvent.findMany({ where: { action: "user.password_reset" } }));
    for (const secret of ["a piped new password", password!, token!]) expect(audited).not.toContain(secret);
  });

  it("says what is wrong, without a stack trace", async () => {
    const cases = [
      [["disable", "--email", "nobody@cli.test"], /No user nobody@cli\.test\./],
      [["role", "--email", "ann@cli.test"], /Say what to change: --admin or --no-admin/],
      [["role", "--email", "ann@cli.test", "--project", "cli-people"], /Give --role <curator\|annotator\|viewer> or --remove/],
      [["role", "--email", "ann@cli.test", "--project", "cli-people", "--role", "boss"], /Unknown role "boss"/],
      [["role", "--email", "ann@cli.test", "--project", "nope", "--role", "viewer"], /No project "nope"/],
      [["role", "--email", "ann@cli.test", "--project", "cli-people", "--remove"], /not a member of this project/],
    ] as const;
    for (const [args, message] of cases) {
      const result = await run([...args]);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect((await run(["password", "--email", "ann@cli.test"], "short\n")).stderr).toContain("A password needs at least 12 characters.");
  });
});
