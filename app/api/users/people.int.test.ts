import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PATCH as patchUser } from "@/app/api/users/[id]/route";
import { POST as resetPassword } from "@/app/api/users/[id]/password/route";
import { GET as listUsers, POST as createUser } from "@/app/api/users/route";
import { POST as changePassword } from "@/app/api/account/password/route";
import { POST as redeemReset } from "@/app/api/auth/reset-password/route";
import { GET as listMembers, POST as addMember } from "@/app/api/projects/[slug]/members/route";
import { DELETE as removeMember, PATCH as setMemberRole } from "@/app/api/projects/[slug]/members/[id]/route";
import { GET as listTokens, POST as createToken } from "@/app/api/tokens/route";
import { DELETE as revokeToken } from "@/app/api/tokens/[id]/route";
import { sessionPrincipal, signIn, tokenPrincipal } from "@/lib/auth/accounts";
import { CreatedToken, CreatedUser, MemberList, PasswordResetResult, TokenList, UserList } from "@/lib/auth/people-types";
import { SESSION_COOKIE } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { signedInUser, TEST_PASSWORD } from "@/lib/testing/accounts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route declares its own params
type Handler = (request: Request, extra: { params: Promise<any> }) => Promise<Response>;
const HEADERS = { "content-type": "application/json", origin: "http://studio.test", host: "studio.test" };

async function call(
  handle: Handler,
  {
    cookie = "",
    body,
    params = {},
    url = "http://studio.test/api/x",
  }: { cookie?: string; body?: unknown; params?: Record<string, string>; url?: string },
) {
  const response = await handle(
    new Request(url, {
      method: body === undefined ? "GET" : "POST",
      headers: { ...HEADERS, cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    {
      params: Promise.resolve(params),
    },
  );
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as Record<string, unknown> & { error?: { code: string; message: string } },
    headers: response.headers,
  };
}

const cookieValue = (header: string | null) => /rosetta_session=([^;]+)/.exec(header ?? "")?.[1] ?? "";
const db = getDb();
let admin = { userId: "", email: "", cookie: "" };
let projectId = "";

beforeAll(async () => {
  admin = await signedInUser(db, { email: "root@people.test", admin: true });
  projectId = (await db.project.create({ data: { slug: "people", name: "People", languages: [], settings: {} } })).id;
});
afterAll(() => db.$disconnect());

describe("people: accounts, passwords, memberships, tokens", () => {
  it("creates a user with a generated password shown once, lists it, and never audits a password", async () => {
    const created = await call(createUser, { cookie: admin.cookie, body: { email: "Ann@People.test", name: "Ann" } });
    expect(created.status).toBe(201);
    const { user, password } = CreatedUser.parse(created.body);
    expect(password).toMatch(/^\S{20}$/);
    await expect(signIn(db, { email: "ann@people.test", password: password!, ip: "t" })).resolves.toMatchObject({ userId: user.id });
    const listed = UserList.parse((await call(listUsers, { cookie: admin.cookie })).body).items.find((u) => u.email === "ann@people.test");
    expect(listed).toMatchObject({ name: "Ann", admin: false, disabled: false, lastSignInAt: expect.any(String) });
    const typed = await call(createUser, { cookie: admin.cookie, body: { email: "bob@people.test", password: "short" } });
    expect(typed).toMatchObject({ status: 400, body: { error: { message: "A password needs at least 12 characters." } } });
    const events = await db.auditEvent.findMany({ where: { action: "user.create" } });
    expect(JSON.stringify(events)).not.toContain(password);
  });

  it("disabling a user ends their sessions and tokens at once; enabling lets them sign in again; the last admin stays", async () => {
    const bob = await signedInUser(db, { email: "bob@people.test", project: { id: projectId, role: "CURATOR" } });
    const session = decodeURIComponent(bob.cookie.slice(SESSION_COOKIE.length + 1));
    const token = CreatedToken.parse((await call(createToken, { cookie: bob.cookie, body: { name: "ci", role: "viewer" } })).body).secret;
    expect(await tokenPrincipal(db, token)).toMatchObject({ kind: "token" });
    const disabled = await call(patchUser, { cookie: admin.cookie, body: { disabled: true }, params: { id: bob.userId } });
    expect(disabled).toMatchObject({ status: 200, body: { disabled: true } });
    expect(await sessionPrincipal(db, session)).toEqual({ kind: "anonymous" });
    expect(await tokenPrincipal(db, token)).toEqual({ kind: "anonymous" });
    await expect(signIn(db, { email: bob.email, password: TEST_PASSWORD, ip: "t" })).rejects.toThrow(/incorrect/);
    await call(patchUser, { cookie: admin.cookie, body: { disabled: false }, params: { id: bob.userId } });
    await expect(signIn(db, { email: bob.email, password: TEST_PASSWORD, ip: "t" })).resolves.toBeTruthy();
    expect(await tokenPrincipal(db, token)).toMatchObject({ kind: "token" });

    expect(await call(patchUser, { cookie: admin.cookie, body: { admin: false }, params: { id: admin.userId } })).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringContaining("only enabled administrator") } },
    });
    expect(await call(patchUser, { cookie: admin.cookie, body: { disabled: true }, params: { id: admin.userId } })).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringContaining("cannot disable your own account") } },
    });
    expect(await call(patchUser, { cookie: admin.cookie, body: {}, params: { id: bob.userId } })).toMatchObject({ status: 400 });
    expect(await call(patchUser, { cookie: admin.cookie, body: { admin: true }, params: { id: "nope" } })).toMatchObject({ status: 404 });
    const actions = (await db.auditEvent.findMany({ where: { targetId: bob.userId }, orderBy: { id: "asc" } })).map((e) => [
      e.action,
      e.before,
      e.after,
    ]);
    expect(actions).toEqual([
      ["user.disable", { email: "bob@people.test", disabled: false }, { disabled: true }],
      ["user.enable", { email: "bob@people.test", disabled: true }, { disabled: false }],
    ]);
  });

  it("a reset link sets a new password once, signs the user in and ends their other sessions; a generated one is shown once", async () => {
    const cy = await signedInUser(db, { email: "cy@people.test" });
    const old = decodeURIComponent(cy.cookie.slice(SESSION_COOKIE.length + 1));
    const reset = PasswordResetResult.parse(
      (await call(resetPassword, { cookie: admin.cookie, body: { method: "link" }, params: { id: cy.userId } })).body,
    );
    const token = new URL(reset.link!, "http://studio.test").searchParams.get("token")!;
    expect(await call(redeemReset, { body: { token, password: "short" } })).toMatchObject({
      status: 400,
      body: { error: { message: "A password needs at least 12 characters." } },
    });
    const redeemed = await call(redeemReset, { body: { token, password: "a brand new password" } });
    expect(redeemed.status).toBe(200);
    expect(await sessionPrincipal(db, cookieValue(redeemed.headers.get("set-cookie")))).toMatchObject({
      kind: "user",
      email: "cy@people.test",
    });
    expect(await sessionPrincipal(db, old)).toEqual({ kind: "anonymous" });
    expect(await call(redeemReset, { body: { token, password: "another new password" } })).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringContaining("was used already") } },
    });
    await db.passwordReset.updateMany({ data: { usedAt: null, expiresAt: new Date(Date.now() - 1000) } });
    expect(await call(redeemReset, { body: { token, password: "another new password" } })).toMatchObject({
      body: { error: { message: expect.stringContaining("expired at") } },
    });
    expect(await call(redeemReset, { body: { token: "made-up", password: "another new password" } })).toMatchObject({
      body: { error: { message: expect.stringContaining("not valid") } },
    });

    const generated = PasswordResetResult.parse(
      (await call(resetPassword, { cookie: admin.cookie, body: { method: "generate" }, params: { id: cy.userId } })).body,
    );
    await expect(signIn(db, { email: "cy@people.test", password: generated.password!, ip: "t" })).resolves.toBeTruthy();
    const audited = await db.auditEvent.findMany({ where: { targetId: cy.userId } });
    expect(audited.map((e) => e.action).sort()).toEqual(["user.password_change", "user.password_reset", "user.password_reset"]);
    expect(JSON.stringify(audited)).not.toContain(generated.password);
    expect(JSON.stringify(audited)).not.toContain(token);
  });

  it("a user changes their own password: the current one is required, other sessions end, this one stays", async () => {
    const dee = await signedInUser(db, { email: "dee@people.test" });
    const other = await signIn(db, { email: dee.email, password: TEST_PASSWORD, ip: "t" });
    const wrong = await call(changePassword, {
      cookie: dee.cookie,
      body: { currentPassword: "not it at all", newPassword: "a brand new password" },
    });
    expect(wrong).toMatchObject({
      status: 400,
      body: { error: { message: "Your current password is not right; the password was not changed." } },
    });
    const short = await call(changePassword, { cookie: dee.cookie, body: { currentPassword: TEST_PASSWORD, newPassword: "short" } });
    expect(short).toMatchObject({ status: 400, body: { error: { message: "A password needs at least 12 characters." } } });
    const changed = await call(changePassword, {
      cookie: dee.cookie,
      body: { currentPassword: TEST_PASSWORD, newPassword: "a brand new password" },
    });
    expect(changed).toMatchObject({ status: 200, body: { sessionsEnded: 1 } });
    expect(await sessionPrincipal(db, other.token)).toEqual({ kind: "anonymous" });
    expect(await sessionPrincipal(db, decodeURIComponent(dee.cookie.slice(SESSION_COOKIE.length + 1)))).toMatchObject({ kind: "user" });
    await expect(signIn(db, { email: dee.email, password: "a brand new password", ip: "t" })).resolves.toBeTruthy();
  });

  it("admins add, re-role and remove project members; others only read the list", async () => {
    const eve = await signedInUser(db, { email: "eve@people.test", project: { id: projectId, role: "VIEWER" } });
    await signedInUser(db, { email: "fay@people.test" });
    const params = { slug: "people" };
    expect((await call(addMember, { cookie: eve.cookie, body: { email: "fay@people.test", role: "curator" }, params })).status).toBe(403);
    expect(await call(addMember, { cookie: admin.cookie, body: { email: "fay@people.test", role: "annotator" }, params })).toMatchObject({
      status: 201,
    });
    expect(await call(addMember, { cookie: admin.cookie, body: { email: "fay@people.test", role: "viewer" }, params })).toMatchObject({
      status: 409,
    });
    expect(await call(addMember, { cookie: admin.cookie, body: { email: "nobody@people.test", role: "viewer" }, params })).toMatchObject({
      status: 404,
    });
    const fay = await db.user.findUniqueOrThrow({ where: { email: "fay@people.test" } });
    expect(await call(setMemberRole, { cookie: admin.cookie, body: { role: "curator" }, params: { ...params, id: fay.id } })).toMatchObject(
      { status: 200 },
    );
    const members = MemberList.parse((await call(listMembers, { cookie: eve.cookie, params })).body).items;
    expect(members.map((m) => [m.email, m.role])).toContainEqual(["fay@people.test", "curator"]);
    const removed = await removeMember(
      new Request("http://studio.test/x", { method: "DELETE", headers: { ...HEADERS, cookie: admin.cookie } }),
      {
        params: Promise.resolve({ ...params, id: fay.id }),
      },
    );
    expect(removed.status).toBe(204);
    const events = await db.auditEvent.findMany({ where: { targetType: "project_member", targetId: fay.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.action, e.projectId, e.before, e.after])).toEqual([
      ["member.add", projectId, null, { user: "fay@people.test", role: "annotator" }],
      ["member.role", projectId, { user: "fay@people.test", role: "annotator" }, { role: "curator" }],
      ["member.remove", projectId, { user: "fay@people.test", role: "curator" }, null],
    ]);
  });

  it("a user's tokens: at most their own role, listed without secrets, revoked by them or an admin, nobody else's", async () => {
    const gus = await signedInUser(db, { email: "gus@people.test", project: { id: projectId, role: "ANNOTATOR" } });
    const hal = await signedInUser(db, { email: "hal@people.test", project: { id: projectId, role: "CURATOR" } });
    expect(await call(createToken, { cookie: gus.cookie, body: { name: "too much", role: "curator", project: "people" } })).toMatchObject({
      status: 403,
      body: { error: { message: "A token's role can be at most yours in that project: annotator." } },
    });
    const made = CreatedToken.parse(
      (
        await call(createToken, {
          cookie: gus.cookie,
          body: { name: "labelling bot", role: "annotator", project: "people", expiresInDays: 30 },
        })
      ).body,
    );
    expect(made.token).toMatchObject({ role: "annotator", project: "people", state: "active", expiresAt: expect.any(String) });
    const mine = TokenList.parse((await call(listTokens, { cookie: gus.cookie })).body).items;
    expect(mine.map((t) => t.name)).toEqual(["labelling bot"]);
    expect(JSON.stringify(mine)).not.toContain(made.secret);
    expect((await call(listTokens, { cookie: gus.cookie, url: "http://studio.test/api/tokens?all=1" })).status).toBe(403);
    const revoke = (cookie: string) =>
      revokeToken(new Request("http://studio.test/x", { method: "DELETE", headers: { ...HEADERS, cookie } }), {
        params: Promise.resolve({ id: made.token.id }),
      });
    expect((await revoke(hal.cookie)).status).toBe(404);
    expect((await revoke(gus.cookie)).status).toBe(200);
    expect(await tokenPrincipal(db, made.secret)).toEqual({ kind: "anonymous" });
    const everyone = TokenList.parse(
      (await call(listTokens, { cookie: admin.cookie, url: "http://studio.test/api/tokens?all=1" })).body,
    ).items;
    expect(everyone.find((t) => t.id === made.token.id)).toMatchObject({ owner: "gus@people.test", state: "revoked" });
    const audited = await db.auditEvent.findMany({ where: { targetType: "api_token", targetId: made.token.id } });
    expect(audited.map((e) => e.action).sort()).toEqual(["token.create", "token.revoke"]);
    expect(JSON.stringify(audited)).not.toContain(made.secret);
  });
});
