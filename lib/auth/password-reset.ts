import "server-only";
import { newSecret, sha256, startSession } from "@/lib/auth/accounts";
import { hashPassword, passwordProblem, verifyPassword } from "@/lib/auth/passwords";
import type { PasswordResetResult } from "@/lib/auth/people-types";
import { generatePassword } from "@/lib/auth/users";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * New passwords: one an admin sets for someone (generated, shown once, or a one-time link the user
 * follows), and one a user chooses for themselves. Each ends the user's other sessions, so a
 * password someone else may know stops working everywhere at once.
 */

export const RESET_LINK_HOURS = 24;

function checkNewPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new AppError("BAD_REQUEST", problem);
}

/** An admin's reset: a generated password (ends every session) or a one-time link valid for a day (the password stays until it is used). */
export async function resetPassword({
  db,
  userId,
  method,
  now = new Date(),
}: {
  db: Db;
  userId: string;
  method: "generate" | "link";
  now?: Date;
}): Promise<PasswordResetResult & { email: string; sessionsEnded: number }> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } }).catch(() => null);
  if (!user) throw new AppError("NOT_FOUND", `No user ${userId}.`);
  if (method === "link") {
    const token = newSecret();
    const expiresAt = new Date(now.getTime() + RESET_LINK_HOURS * 3_600_000);
    await db.passwordReset.create({ data: { userId, tokenHash: sha256(token), expiresAt } });
    return {
      email: user.email,
      password: null,
      link: `/reset-password?token=${token}`,
      expiresAt: expiresAt.toISOString(),
      sessionsEnded: 0,
    };
  }
  const password = generatePassword();
  const { sessionsEnded } = await setPassword({ db, userId, password });
  return { email: user.email, password, link: null, expiresAt: null, sessionsEnded };
}

/** Sets someone's password (an admin's doing, or the CLI's): their sessions end and a lock from failed sign-ins lifts. */
export async function setPassword({
  db,
  userId,
  password,
}: {
  db: Db;
  userId: string;
  password: string;
}): Promise<{ sessionsEnded: number }> {
  const passwordHash = await hashPassword(password);
  const [, ended] = await db.$transaction([
    db.user.update({ where: { id: userId }, data: { passwordHash, failedLoginCount: 0, lockedUntil: null } }),
    db.session.deleteMany({ where: { userId } }),
  ]);
  return { sessionsEnded: ended.count };
}

/** Follows a reset link: sets the new password, ends the user's other sessions and signs them in. The link works once. */
export async function redeemPasswordReset({
  db,
  token,
  password,
  ip,
  userAgent,
  now = new Date(),
}: {
  db: Db;
  token: string;
  password: string;
  ip: string;
  userAgent?: string;
  now?: Date;
}): Promise<{ token: string; expiresAt: Date; userId: string; email: string; sessionsEnded: number }> {
  // A weak password is refused before the link is spent, so the user can try another.
  checkNewPassword(password);
  const reset = await db.passwordReset.findUnique({
    where: { tokenHash: sha256(token) },
    include: { user: { select: { email: true, disabledAt: true } } },
  });
  if (!reset) throw new AppError("BAD_REQUEST", "This reset link is not valid. Ask an administrator for a new one.");
  if (reset.usedAt) throw new AppError("BAD_REQUEST", "This reset link was used already. Ask an administrator for a new one.");
  if (reset.expiresAt <= now)
    throw new AppError(
      "BAD_REQUEST",
      `This reset link expired at ${reset.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC. Ask an administrator for a new one.`,
    );
  if (reset.user.disabledAt) throw new AppError("FORBIDDEN", "This account is disabled.");
  const passwordHash = await hashPassword(password);
  const ended = await db.$transaction(async (tx) => {
    // Spent only if nobody spent it meanwhile: two tabs on one link set one password.
    const { count } = await tx.passwordReset.updateMany({ where: { id: reset.id, usedAt: null }, data: { usedAt: now } });
    if (!count) throw new AppError("BAD_REQUEST", "This reset link was used already. Ask an administrator for a new one.");
    await tx.user.update({ where: { id: reset.userId }, data: { passwordHash } });
    return (await tx.session.deleteMany({ where: { userId: reset.userId } })).count;
  });
  const session = await startSession(db, { userId: reset.userId, ip, userAgent, now });
  return { ...session, email: reset.user.email, sessionsEnded: ended };
}

/** A user's own new password: the current one proves it is them; their other sessions end, this one stays. */
export async function changeOwnPassword({
  db,
  userId,
  currentPassword,
  newPassword,
  keepSessionHash,
}: {
  db: Db;
  userId: string;
  currentPassword: string;
  newPassword: string;
  /** The SHA-256 of the session making the change, which stays signed in. */
  keepSessionHash?: string;
}): Promise<{ sessionsEnded: number }> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user) throw new AppError("NOT_FOUND", "No such user.");
  if (!(await verifyPassword(currentPassword, user.passwordHash)))
    throw new AppError("BAD_REQUEST", "Your current password is not right; the password was not changed.");
  checkNewPassword(newPassword);
  if (newPassword === currentPassword) throw new AppError("BAD_REQUEST", "The new password is the same as the current one.");
  const passwordHash = await hashPassword(newPassword);
  const [, ended] = await db.$transaction([
    db.user.update({ where: { id: userId }, data: { passwordHash } }),
    db.session.deleteMany({ where: { userId, ...(keepSessionHash ? { tokenHash: { not: keepSessionHash } } : {}) } }),
  ]);
  return { sessionsEnded: ended.count };
}
