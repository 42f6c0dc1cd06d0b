import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { DUMMY_HASH, hashPassword, verifyPassword } from "@/lib/auth/passwords";
import type { Principal, Role } from "@/lib/auth/permissions";

/**
 * Accounts, sessions and API tokens. Session and token secrets are random 32 bytes handed out once;
 * only their SHA-256 is stored. A wrong password and an unknown email get the same message and take
 * the same time; five failures in a row lock the account for a while (it says until when), and one
 * address may try only so often, whichever account it names.
 */

export const SESSION_DAYS = 7;
const LOCK_AFTER = 5;
const LOCK_MINUTES = 15;
const ADDRESS_ATTEMPTS = 20;
const ADDRESS_WINDOW_MS = 15 * 60_000;
export const WRONG_CREDENTIALS = "Email or password is incorrect.";

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
export const newSecret = () => randomBytes(32).toString("base64url");
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function createUser(
  db: Db,
  { email, password, name, admin = false }: { email: string; password: string; name?: string; admin?: boolean },
): Promise<{ id: string; email: string }> {
  const normalized = normalizeEmail(email);
  if (!/^[^\s@]+@[^\s@]+$/.test(normalized)) throw new AppError("BAD_REQUEST", `"${email}" is not an email address.`);
  const passwordHash = await hashPassword(password);
  try {
    return await db.user.create({
      data: { email: normalized, name: name ?? null, passwordHash, globalRole: admin ? "ADMIN" : "MEMBER" },
      select: { id: true, email: true },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new AppError("CONFLICT", `A user with the email ${normalized} exists already.`);
    throw error;
  }
}

/**
 * Failed sign-ins per address, in this process (the web server); accounts lock in the database.
 * Only failures count: a guesser fails, while a team behind one address signs in all day.
 */
const failuresByAddress = new Map<string, number[]>();

function recentFailures(ip: string, now: number): number[] {
  return (failuresByAddress.get(ip) ?? []).filter((at) => now - at < ADDRESS_WINDOW_MS);
}

function checkAddress(ip: string, now: number): void {
  const recent = recentFailures(ip, now);
  if (recent.length >= ADDRESS_ATTEMPTS) {
    const minutes = Math.ceil((recent[0]! + ADDRESS_WINDOW_MS - now) / 60_000);
    throw new AppError(
      "RATE_LIMITED",
      `Too many failed sign-ins from your address. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    );
  }
}

function recordFailure(ip: string, now: number): void {
  failuresByAddress.set(ip, [...recentFailures(ip, now), now]);
}

export async function signIn(
  db: Db,
  { email, password, ip, userAgent, now = new Date() }: { email: string; password: string; ip: string; userAgent?: string; now?: Date },
): Promise<{ token: string; expiresAt: Date; userId: string }> {
  checkAddress(ip, now.getTime());
  const user = await db.user.findUnique({ where: { email: normalizeEmail(email) } });
  if (!user || user.disabledAt) {
    await verifyPassword(password, DUMMY_HASH); // the same time as a known email
    recordFailure(ip, now.getTime());
    throw new AppError("UNAUTHORIZED", WRONG_CREDENTIALS);
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new AppError(
      "RATE_LIMITED",
      `This account is locked after ${LOCK_AFTER} failed sign-ins. Try again after ${user.lockedUntil.toISOString().slice(11, 16)} UTC.`,
    );
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    const failures = user.failedLoginCount + 1;
    await db.user.update({
      where: { id: user.id },
      data:
        failures >= LOCK_AFTER
          ? { failedLoginCount: 0, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) }
          : { failedLoginCount: failures },
    });
    recordFailure(ip, now.getTime());
    throw new AppError("UNAUTHORIZED", WRONG_CREDENTIALS);
  }
  return startSession(db, { userId: user.id, ip, userAgent, now });
}

/** A new session for a user who proved who they are (a password, a reset link): its token, handed out once. */
export async function startSession(
  db: Db,
  { userId, ip, userAgent, now = new Date() }: { userId: string; ip: string; userAgent?: string; now?: Date },
): Promise<{ token: string; expiresAt: Date; userId: string }> {
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { failedLoginCount: 0, lockedUntil: null, lastSignInAt: now } }),
    db.session.create({ data: { userId, tokenHash: sha256(token), expiresAt, ip, userAgent: userAgent?.slice(0, 500) ?? null } }),
  ]);
  return { token, expiresAt, userId };
}

export async function signOut(db: Db, token: string): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: sha256(token) } });
}

async function principalFor(db: Db, userId: string): Promise<{ email: string; admin: boolean; projectRoles: Record<string, Role> } | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { email: true, globalRole: true, disabledAt: true, memberships: { select: { projectId: true, role: true } } },
  });
  if (!user || user.disabledAt) return null;
  return {
    email: user.email,
    admin: user.globalRole === "ADMIN",
    projectRoles: Object.fromEntries(user.memberships.map((m) => [m.projectId, m.role.toLowerCase() as Role])),
  };
}

/** The signed-in user behind a session cookie, or nobody (unknown, expired or disabled). */
export async function sessionPrincipal(db: Db, token: string | undefined, now = new Date()): Promise<Principal> {
  if (!token) return { kind: "anonymous" };
  const session = await db.session.findUnique({ where: { tokenHash: sha256(token) } });
  if (!session) return { kind: "anonymous" };
  if (session.expiresAt <= now) {
    await db.session.delete({ where: { id: session.id } }).catch(() => undefined);
    return { kind: "anonymous" };
  }
  const user = await principalFor(db, session.userId);
  if (!user) return { kind: "anonymous" };
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000)
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: now } }).catch(() => undefined);
  return { kind: "user", userId: session.userId, ...user };
}

const TOKEN_PREFIX = "rst_";

/** A new API token: the only time its secret is shown. */
export async function createApiToken(
  db: Db,
  {
    userId,
    name,
    role,
    projectId = null,
    expiresAt = null,
  }: { userId: string; name: string; role: Exclude<Role, "admin">; projectId?: string | null; expiresAt?: Date | null },
): Promise<{ id: string; token: string }> {
  const token = `${TOKEN_PREFIX}${newSecret()}`;
  const row = await db.apiToken.create({
    data: {
      userId,
      name,
      role: role.toUpperCase() as "CURATOR" | "ANNOTATOR" | "VIEWER",
      projectId,
      expiresAt,
      tokenHash: sha256(token),
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
    },
    select: { id: true },
  });
  return { id: row.id, token };
}

export async function revokeApiToken(db: Db, id: string): Promise<void> {
  const { count } = await db.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (!count) throw new AppError("NOT_FOUND", `No active API token ${id}.`);
}

/** The principal behind an `Authorization: Bearer rst_…` header, or nobody. */
export async function tokenPrincipal(db: Db, token: string | undefined, now = new Date()): Promise<Principal> {
  if (!token?.startsWith(TOKEN_PREFIX)) return { kind: "anonymous" };
  const row = await db.apiToken.findUnique({ where: { tokenHash: sha256(token) } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return { kind: "anonymous" };
  const user = await principalFor(db, row.userId);
  if (!user) return { kind: "anonymous" };
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000)
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } }).catch(() => undefined);
  return { kind: "token", userId: row.userId, tokenId: row.id, role: row.role.toLowerCase() as Role, projectId: row.projectId, ...user };
}

const SECRET_KEYS = /key|secret|password|token|hash/i;
/** Names the rule above would catch that hold counts and flags, not secrets: token limits and usage (`maxTokens`, `tokensPerMinute`), `hasApiKey`. */
const NOT_SECRET = /^has[A-Z]\w*$|^[a-z]\w*Tokens$|^tokensPerMinute$/;

/** What an audit event may keep of a value: everything but secrets. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, SECRET_KEYS.test(key) && !NOT_SECRET.test(key) ? "[redacted]" : redact(inner)]),
    );
  return value;
}

/** Appends an audit event for a mutation (who, what, before and after, secrets redacted). */
export async function recordAudit(
  db: Db | Prisma.TransactionClient,
  {
    principal,
    actorLabel,
    action,
    targetType,
    targetId,
    projectId,
    before,
    after,
    ip,
  }: {
    principal: Principal;
    actorLabel?: string;
    action: string;
    targetType: string;
    targetId?: string;
    projectId?: string;
    before?: unknown;
    after?: unknown;
    ip?: string;
  },
): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: principal.kind === "anonymous" ? null : principal.userId,
      apiTokenId: principal.kind === "token" ? principal.tokenId : null,
      actorLabel:
        actorLabel ??
        (principal.kind === "anonymous" ? "anonymous" : principal.kind === "token" ? `${principal.email} (API token)` : principal.email),
      projectId: projectId ?? null,
      action,
      targetType,
      targetId: targetId ?? null,
      before: before === undefined ? Prisma.DbNull : (redact(before) as Prisma.InputJsonValue),
      after: after === undefined ? Prisma.DbNull : (redact(after) as Prisma.InputJsonValue),
      ip: ip ?? null,
    },
  });
}
