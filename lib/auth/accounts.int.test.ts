import { afterAll, describe, expect, it } from "vitest";
import {
  createApiToken,
  createUser,
  recordAudit,
  revokeApiToken,
  sessionPrincipal,
  signIn,
  signOut,
  tokenPrincipal,
  WRONG_CREDENTIALS,
} from "@/lib/auth/accounts";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { fixturePasswordHash } from "@/lib/testing/fixture-password";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const PASSWORD = "correct horse battery staple";

describe("accounts", () => {
  it("refuses a weak password and a second account with the same email, with the reason", async () => {
    await expect(createUser(db, { email: "weak@example.com", password: "short" })).rejects.toThrow(
      "A password needs at least 12 characters.",
    );
    await createUser(db, { email: "Twice@Example.com", password: PASSWORD });
    await expect(createUser(db, { email: "twice@example.com", password: PASSWORD })).rejects.toThrow(
      expect.objectContaining({ code: "CONFLICT" }),
    );
    await expect(createUser(db, { email: "not-an-email", password: PASSWORD })).rejects.toThrow('"not-an-email" is not an email address.');
  });

  it("creates one account when the same email is added twice at once, and says the other exists", async () => {
    // Each round hashes two passwords (scrypt, on purpose slow): five rounds keep the file within its time.
    for (let round = 0; round < 5; round++) {
      const results = await Promise.allSettled(
        [0, 1].map(() => createUser(db, { email: `twice${round}@example.com`, password: PASSWORD })),
      );
      expect(
        results.filter((r) => r.status === "fulfilled"),
        `round ${round}`,
      ).toHaveLength(1);
      expect(results.find((r) => r.status === "rejected")?.reason).toMatchObject({
        code: "CONFLICT",
        message: `A user with the email twice${round}@example.com exists already.`,
      });
    }
  });

  it("signs in to a session stored only as a hash, which resolves to the user's roles until sign-out", async () => {
    const user = await createUser(db, { email: "ann@example.com", password: PASSWORD });
    // Production's cost (OWASP's scrypt parameters), which test fixtures lower for their own accounts (lib/testing/fixture-password.ts).
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(passwordHash).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    const project = await db.project.create({ data: { slug: "auth-p1", name: "p1", languages: [], settings: {} } });
    await db.projectMember.create({ data: { projectId: project.id, userId: user.id, role: "ANNOTATOR" } });
    const { token, expiresAt } = await signIn(db, { email: "ANN@example.com", password: PASSWORD, ip: "10.0.0.1" });
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const stored = await db.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).not.toContain(token);
    expect(await sessionPrincipal(db, token)).toEqual({
      kind: "user",
      userId: user.id,
      email: "ann@example.com",
      admin: false,
      projectRoles: { [project.id]: "annotator" },
    });
    // Expired: back to nobody, and the session is gone.
    expect(await sessionPrincipal(db, token, new Date(expiresAt.getTime() + 1))).toEqual({ kind: "anonymous" });
    const again = await signIn(db, { email: "ann@example.com", password: PASSWORD, ip: "10.0.0.1" });
    await signOut(db, again.token);
    expect(await sessionPrincipal(db, again.token)).toEqual({ kind: "anonymous" });
  });

  it("answers a wrong password and an unknown email alike, and locks an account after five failures, saying until when", async () => {
    await createUser(db, { email: "bob@example.com", password: PASSWORD });
    await expect(signIn(db, { email: "nobody@example.com", password: PASSWORD, ip: "10.0.0.2" })).rejects.toThrow(WRONG_CREDENTIALS);
    for (let i = 0; i < 5; i++)
      await expect(signIn(db, { email: "bob@example.com", password: "wrong password!", ip: "10.0.0.2" })).rejects.toThrow(
        WRONG_CREDENTIALS,
      );
    await expect(signIn(db, { email: "bob@example.com", password: PASSWORD, ip: "10.0.0.2" })).rejects.toThrow(
      /locked after 5 failed sign-ins\. Try again after \d\d:\d\d UTC/,
    );
    // After the lock, the right password works again.
    const later = new Date(Date.now() + 16 * 60_000);
    await expect(signIn(db, { email: "bob@example.com", password: PASSWORD, ip: "10.0.0.3", now: later })).resolves.toMatchObject({
      token: expect.any(String),
    });
  });

  it("limits failed sign-ins per address, whichever account they name; successful ones do not count", async () => {
    const ip = "10.9.9.9";
    // The busy account's password is a fixture's cheap hash: its 21 sign-ins are about the address's count, not the hash.
    await db.user.create({ data: { email: "busy@example.com", passwordHash: fixturePasswordHash(PASSWORD) } });
    for (let i = 0; i < 21; i++)
      await expect(signIn(db, { email: "busy@example.com", password: PASSWORD, ip })).resolves.toMatchObject({ token: expect.any(String) });
    // The guesses check the dummy hash at production's cost, a second each: at once, on every core.
    const guesses = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => signIn(db, { email: `guess${i}@example.com`, password: "wrong password!", ip })),
    );
    expect(guesses.map((guess) => guess.status === "rejected" && (guess.reason as Error).message)).toEqual(
      Array(20).fill(WRONG_CREDENTIALS),
    );
    await expect(signIn(db, { email: "busy@example.com", password: PASSWORD, ip })).rejects.toThrow(
      /Too many failed sign-ins from your address\. Try again in \d+ minutes?/,
    );
  }, 180_000);

  it("API tokens: shown once, stored as a hash, capped at their role, revocable", async () => {
    const user = await createUser(db, { email: "cur@example.com", password: PASSWORD });
    const project = await db.project.create({ data: { slug: "auth-p2", name: "p2", languages: [], settings: {} } });
    await db.projectMember.create({ data: { projectId: project.id, userId: user.id, role: "CURATOR" } });
    const { id, token } = await createApiToken(db, { userId: user.id, name: "ci", role: "viewer", projectId: project.id });
    expect(token).toMatch(/^rst_/);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).not.toContain(token);
    expect(token.startsWith(row.prefix)).toBe(true);
    expect(await tokenPrincipal(db, token)).toMatchObject({ kind: "token", tokenId: id, role: "viewer", projectId: project.id });
    await revokeApiToken(db, id);
    expect(await tokenPrincipal(db, token)).toEqual({ kind: "anonymous" });
    await expect(revokeApiToken(db, id)).rejects.toThrow(`No active API token ${id}.`);
  });

  it("audit events keep who did what, with secrets redacted", async () => {
    const user = await createUser(db, { email: "audit@example.com", password: PASSWORD });
    await recordAudit(db, {
      principal: { kind: "user", userId: user.id, email: user.email, admin: true, projectRoles: {} },
      action: "endpoint.update",
      targetType: "endpoint_profile",
      targetId: "e1",
      before: { baseUrl: "http://a/v1", apiKey: "sk-old" },
      after: {
        baseUrl: "http://b/v1",
        apiKey: "sk-new",
        tokens: ["rst_x"],
        limits: { maxConcurrency: 4, maxTokens: 100, maxOutputTokens: 200, tokensPerMinute: 9 },
        hasApiKey: true,
      },
    });
    const event = await db.auditEvent.findFirstOrThrow({ where: { actorId: user.id } });
    expect(event).toMatchObject({
      actorLabel: "audit@example.com",
      action: "endpoint.update",
      before: { baseUrl: "http://a/v1", apiKey: "[redacted]" },
    });
    // Counts and flags whose names only look like secrets are kept.
    expect(event.after).toEqual({
      baseUrl: "http://b/v1",
      apiKey: "[redacted]",
      tokens: "[redacted]",
      limits: { maxConcurrency: 4, maxTokens: 100, maxOutputTokens: 200, tokensPerMinute: 9 },
      hasApiKey: true,
    });
    expect(JSON.stringify(event)).not.toContain("sk-");
  });
});
