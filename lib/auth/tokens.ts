import "server-only";
import { createApiToken, revokeApiToken } from "@/lib/auth/accounts";
import { ROLES, roleOf, type SignedIn } from "@/lib/auth/permissions";
import type { CreateTokenInput, ProjectRoleName, TokenSummary } from "@/lib/auth/people-types";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** API tokens as their owners manage them: their own list, a new one (at most their own role), revoking; admins see and revoke anyone's. */

type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  role: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  user: { email: string };
  project: { slug: string } | null;
};

const INCLUDE = { user: { select: { email: true } }, project: { select: { slug: true } } } as const;

function summary(row: TokenRow, now = new Date()): TokenSummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role.toLowerCase() as ProjectRoleName,
    project: row.project?.slug ?? null,
    owner: row.user.email,
    state: row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt <= now ? "expired" : "active",
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

/** The caller's tokens, or (an admin asking for `all`) everyone's; newest first. */
export async function listTokens({ db, principal, all = false }: { db: Db; principal: SignedIn; all?: boolean }): Promise<TokenSummary[]> {
  if (all && !principal.admin) throw new AppError("FORBIDDEN", "Seeing everyone's API tokens needs the admin role.");
  const rows = await db.apiToken.findMany({
    where: all ? {} : { userId: principal.userId },
    include: INCLUDE,
    orderBy: { createdAt: "desc" },
  });
  return rows.map((row) => summary(row));
}

/** A new token for the caller, its role at most theirs (in its project, when it names one). The secret is returned this once. */
export async function createOwnToken({
  db,
  principal,
  input,
  now = new Date(),
}: {
  db: Db;
  principal: SignedIn;
  input: CreateTokenInput;
  now?: Date;
}): Promise<{ token: TokenSummary; secret: string; projectId: string | null }> {
  const project = input.project ? await db.project.findUnique({ where: { slug: input.project }, select: { id: true } }) : null;
  if (input.project && !project) throw new AppError("NOT_FOUND", `No project "${input.project}".`);
  const own = roleOf(principal, project?.id);
  if (!own)
    throw new AppError(
      "FORBIDDEN",
      `You have no role in ${input.project ? `project "${input.project}"` : "any project"}, so a token could do nothing.`,
    );
  if (ROLES.indexOf(input.role) > ROLES.indexOf(own))
    throw new AppError("FORBIDDEN", `A token's role can be at most yours${input.project ? " in that project" : ""}: ${own}.`);
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
  const { id, token } = await createApiToken(db, {
    userId: principal.userId,
    name: input.name,
    role: input.role,
    projectId: project?.id ?? null,
    expiresAt,
  });
  const row = await db.apiToken.findUniqueOrThrow({ where: { id }, include: INCLUDE });
  return { token: summary(row, now), secret: token, projectId: project?.id ?? null };
}

/** Revokes a token of the caller's own (an admin: anyone's). Somebody else's token is not found, as if it did not exist. */
export async function revokeToken({ db, principal, id }: { db: Db; principal: SignedIn; id: string }): Promise<TokenSummary> {
  const row = await db.apiToken.findUnique({ where: { id }, include: INCLUDE }).catch(() => null);
  if (!row || (row.userId !== principal.userId && !principal.admin)) throw new AppError("NOT_FOUND", `No API token ${id}.`);
  await revokeApiToken(db, id);
  return summary({ ...row, revokedAt: new Date() });
}
