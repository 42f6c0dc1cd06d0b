import "server-only";
import { randomBytes } from "node:crypto";
import { createUser, normalizeEmail } from "@/lib/auth/accounts";
import type { CreateUserInput, ProjectRoleName, UpdateUserInput, UserSummary } from "@/lib/auth/people-types";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * Users as admins manage them: the list, a new account, disabling and enabling, the admin flag.
 * The studio always keeps one enabled admin: nobody can disable or demote the last one.
 */

/** A password made up for someone (20 characters of base64url: 120 bits), shown once. */
export const generatePassword = () => randomBytes(15).toString("base64url");

const SELECT = {
  id: true,
  email: true,
  name: true,
  globalRole: true,
  disabledAt: true,
  lastSignInAt: true,
  createdAt: true,
  memberships: { select: { role: true, project: { select: { id: true, slug: true, name: true } } }, orderBy: { createdAt: "asc" } },
} as const;

type UserRow = {
  id: string;
  email: string;
  name: string | null;
  globalRole: "ADMIN" | "MEMBER";
  disabledAt: Date | null;
  lastSignInAt: Date | null;
  createdAt: Date;
  memberships: { role: "CURATOR" | "ANNOTATOR" | "VIEWER"; project: { id: string; slug: string; name: string } }[];
};

function summary(row: UserRow): UserSummary {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    admin: row.globalRole === "ADMIN",
    disabled: row.disabledAt !== null,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    memberships: row.memberships.map((m) => ({
      projectId: m.project.id,
      slug: m.project.slug,
      name: m.project.name,
      role: m.role.toLowerCase() as ProjectRoleName,
    })),
  };
}

export async function listUsers({ db }: { db: Db }): Promise<UserSummary[]> {
  return (await db.user.findMany({ select: SELECT, orderBy: { email: "asc" } })).map(summary);
}

export async function getUserSummary({ db, userId }: { db: Db; userId: string }): Promise<UserSummary> {
  const row = await db.user.findUnique({ where: { id: userId }, select: SELECT }).catch(() => null);
  if (!row) throw new AppError("NOT_FOUND", `No user ${userId}.`);
  return summary(row);
}

/** The user an email names, or NOT_FOUND naming it. */
export async function userIdByEmail(db: Db, email: string): Promise<string> {
  const user = await db.user.findUnique({ where: { email: normalizeEmail(email) }, select: { id: true } });
  if (!user) throw new AppError("NOT_FOUND", `No user ${normalizeEmail(email)}.`);
  return user.id;
}

/** A new account; without a password given, one is generated and returned (the only time it is shown). */
export async function createUserAccount({
  db,
  input,
}: {
  db: Db;
  input: CreateUserInput;
}): Promise<{ user: UserSummary; password: string | null }> {
  const typed = input.password?.length ? input.password : null;
  const password = typed ?? generatePassword();
  const { id } = await createUser(db, { email: input.email, name: input.name || undefined, password, admin: input.admin ?? false });
  return { user: await getUserSummary({ db, userId: id }), password: typed ? null : password };
}

/**
 * Disables or enables an account, or gives or takes the admin flag. A disabled user's sessions end at
 * once (their API tokens stop working too: every request checks the account). Refused: disabling
 * yourself, and leaving the studio without an enabled admin.
 */
export async function updateUser({
  db,
  userId,
  actorId,
  input,
}: {
  db: Db;
  userId: string;
  /** Who asks (null: the CLI, which may do anything but leave no admin). */
  actorId: string | null;
  input: UpdateUserInput;
}): Promise<{
  before: Partial<Record<"disabled" | "admin", boolean>>;
  after: Partial<Record<"disabled" | "admin", boolean>>;
  user: UserSummary;
}> {
  if (input.disabled && actorId === userId)
    throw new AppError("CONFLICT", "You cannot disable your own account: another administrator can.");
  const changed = await db.$transaction(async (tx) => {
    // Locks the enabled admins, so two admins demoting each other at once cannot both succeed.
    const admins = await tx.$queryRaw<
      { id: string }[]
    >`SELECT id FROM users WHERE global_role = 'ADMIN' AND disabled_at IS NULL FOR UPDATE`;
    const user = await tx.user
      .findUnique({ where: { id: userId }, select: { email: true, globalRole: true, disabledAt: true } })
      .catch(() => null);
    if (!user) throw new AppError("NOT_FOUND", `No user ${userId}.`);
    const now = { admin: user.globalRole === "ADMIN", disabled: user.disabledAt !== null };
    const next = { admin: input.admin ?? now.admin, disabled: input.disabled ?? now.disabled };
    const stillAdmin = next.admin && !next.disabled;
    if (now.admin && !now.disabled && !stillAdmin && admins.every((a) => a.id === userId))
      throw new AppError(
        "CONFLICT",
        `${user.email} is the only enabled administrator; make someone else an administrator first, or nobody could manage people.`,
      );
    const before: Partial<Record<"disabled" | "admin", boolean>> = {};
    const after: Partial<Record<"disabled" | "admin", boolean>> = {};
    for (const key of ["disabled", "admin"] as const)
      if (now[key] !== next[key]) {
        before[key] = now[key];
        after[key] = next[key];
      }
    if (!Object.keys(after).length) return { before, after };
    await tx.user.update({
      where: { id: userId },
      data: {
        globalRole: next.admin ? "ADMIN" : "MEMBER",
        ...(after.disabled !== undefined ? { disabledAt: next.disabled ? new Date() : null } : {}),
      },
    });
    if (after.disabled) await tx.session.deleteMany({ where: { userId } });
    return { before, after };
  });
  return { ...changed, user: await getUserSummary({ db, userId }) };
}
