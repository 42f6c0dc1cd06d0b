import { text } from "node:stream/consumers";
import { createApiToken, createUser, revokeApiToken } from "@/lib/auth/accounts";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { generatePassword } from "@/lib/auth/users";
import { auditCli } from "@/lib/cli/audit";
import { commandProjectId, withCommandDb } from "@/lib/cli/database";
import { AppError } from "@/lib/errors";

/** `rosetta user …`: accounts and API tokens from the command line (whoever can run it owns the database). */

function projectRole(role: string): Exclude<Role, "admin"> {
  const known = ROLES.filter((r): r is Exclude<Role, "admin"> => r !== "admin");
  if (!(known as string[]).includes(role)) throw new AppError("BAD_REQUEST", `Unknown role "${role}" (roles: ${known.join(", ")}).`);
  return role as Exclude<Role, "admin">;
}

export async function createUserCommand(options: {
  email: string;
  name?: string;
  admin?: boolean;
  project?: string;
  role: string;
}): Promise<number> {
  const role = projectRole(options.role);
  // A password piped in (never on the command line, where `ps` shows it); otherwise one made up and shown once.
  const piped = process.stdin.isTTY ? "" : (await text(process.stdin)).replace(/\r?\n$/, "");
  const password = piped || generatePassword();
  return withCommandDb("rosetta-user", async (db) => {
    const project = options.project ? await commandProjectId(db, options.project) : undefined;
    const user = await createUser(db, { email: options.email, password, name: options.name, admin: options.admin });
    if (project)
      await db.projectMember.create({
        data: { projectId: project, userId: user.id, role: role.toUpperCase() as "CURATOR" | "ANNOTATOR" | "VIEWER" },
      });
    await auditCli(db, {
      action: "user.create",
      targetType: "user",
      targetId: user.id,
      projectId: project,
      after: { email: user.email, admin: Boolean(options.admin), project: options.project, role: project ? role : undefined },
    });
    console.log(`Created ${options.admin ? "administrator" : "user"} ${user.email}${project ? ` (${role} in ${options.project})` : ""}.`);
    if (!piped) console.log(`Password (shown once; change it after signing in): ${password}`);
    return 0;
  });
}

export async function createTokenCommand(options: { email: string; name: string; role: string; project?: string }): Promise<number> {
  const role = projectRole(options.role);
  return withCommandDb("rosetta-user", async (db) => {
    const user = await db.user.findUnique({ where: { email: options.email.trim().toLowerCase() }, select: { id: true } });
    if (!user) throw new AppError("NOT_FOUND", `No user ${options.email}.`);
    const project = options.project ? await commandProjectId(db, options.project) : null;
    const { id, token } = await createApiToken(db, { userId: user.id, name: options.name, role, projectId: project });
    await auditCli(db, {
      action: "token.create",
      targetType: "api_token",
      targetId: id,
      projectId: project ?? undefined,
      after: { user: options.email, name: options.name, role },
    });
    console.log(`API token ${id} (${role}${options.project ? ` in ${options.project}` : ""}), shown once:\n${token}`);
    return 0;
  });
}

export async function revokeTokenCommand(id: string): Promise<number> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError("BAD_REQUEST", `"${id}" is not a token id (rosetta user token list shows them).`);
  return withCommandDb("rosetta-user", async (db) => {
    await revokeApiToken(db, id);
    await auditCli(db, { action: "token.revoke", targetType: "api_token", targetId: id });
    console.log(`Revoked API token ${id}.`);
    return 0;
  });
}

export async function listTokensCommand(): Promise<number> {
  return withCommandDb("rosetta-user", async (db) => {
    const tokens = await db.apiToken.findMany({
      orderBy: { createdAt: "asc" },
      include: { user: { select: { email: true } }, project: { select: { slug: true } } },
    });
    if (!tokens.length) console.log("No API tokens: rosetta user token create --email <email> --name <what for> --role <role>");
    for (const t of tokens) {
      const state = t.revokedAt ? "revoked" : t.expiresAt && t.expiresAt < new Date() ? "expired" : "active";
      console.log(
        `${t.id}  ${t.prefix}…  ${t.user.email}  ${t.name}  ${t.role.toLowerCase()}${t.project ? ` in ${t.project.slug}` : ""}  ${state}${t.lastUsedAt ? `, last used ${t.lastUsedAt.toISOString()}` : ""}`,
      );
    }
    return 0;
  });
}
