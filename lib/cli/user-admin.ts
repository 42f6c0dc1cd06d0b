import { text } from "node:stream/consumers";
import { addMember, removeMember, setMemberRole } from "@/lib/auth/memberships";
import { resetPassword, setPassword } from "@/lib/auth/password-reset";
import { PROJECT_ROLES, type ProjectRoleName } from "@/lib/auth/people-types";
import { generatePassword, listUsers, updateUser, userIdByEmail } from "@/lib/auth/users";
import { auditCli } from "@/lib/cli/audit";
import { commandProjectId, withCommandDb } from "@/lib/cli/database";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** `rosetta user list | disable | enable | role | password`: the people page's work from the command line, audited as the CLI. */

export async function listUsersCommand(): Promise<number> {
  return withCommandDb("rosetta-user", async (db) => {
    const users = await listUsers({ db });
    if (!users.length) console.log("No users yet: rosetta user create --email <email> --admin");
    for (const u of users) {
      const projects = u.memberships.map((m) => `${m.slug}:${m.role}`).join(",") || "-";
      console.log(
        [
          u.email,
          u.admin ? "admin" : "member",
          u.disabled ? "disabled" : "enabled",
          u.lastSignInAt ? `last sign-in ${u.lastSignInAt}` : "never signed in",
          projects,
          u.name ?? "",
        ]
          .join("  ")
          .trimEnd(),
      );
    }
    return 0;
  });
}

async function setDisabled(email: string, disabled: boolean): Promise<number> {
  return withCommandDb("rosetta-user", async (db) => {
    const userId = await userIdByEmail(db, email);
    const { before, after, user } = await updateUser({ db, userId, actorId: null, input: { disabled } });
    if (after.disabled === undefined) {
      console.log(`${user.email} is ${disabled ? "disabled" : "enabled"} already.`);
      return 0;
    }
    await auditCli(db, {
      action: disabled ? "user.disable" : "user.enable",
      targetType: "user",
      targetId: userId,
      before: { email: user.email, disabled: before.disabled },
      after,
    });
    console.log(
      disabled ? `Disabled ${user.email}: their sessions have ended and their API tokens stop working.` : `Enabled ${user.email}.`,
    );
    return 0;
  });
}

export const disableUserCommand = (options: { email: string }) => setDisabled(options.email, true);
export const enableUserCommand = (options: { email: string }) => setDisabled(options.email, false);

function projectRole(role: string): ProjectRoleName {
  if (!(PROJECT_ROLES as readonly string[]).includes(role))
    throw new AppError("BAD_REQUEST", `Unknown role "${role}" (roles: ${PROJECT_ROLES.join(", ")}).`);
  return role as ProjectRoleName;
}

async function changeMembership(
  db: Db,
  userId: string,
  email: string,
  options: { project: string; role?: string; remove?: boolean },
): Promise<string> {
  const projectId = await commandProjectId(db, options.project);
  if (options.remove) {
    const removed = await removeMember({ db, projectId, userId });
    await auditCli(db, {
      action: "member.remove",
      targetType: "project_member",
      targetId: userId,
      projectId,
      before: { user: removed.email, role: removed.role },
    });
    return `Removed ${removed.email} from ${options.project}.`;
  }
  const role = projectRole(options.role!);
  const current = await db.projectMember.findUnique({ where: { projectId_userId: { projectId, userId } }, select: { id: true } });
  if (!current) {
    await addMember({ db, projectId, email, role });
    await auditCli(db, { action: "member.add", targetType: "project_member", targetId: userId, projectId, after: { user: email, role } });
    return `Added ${email} to ${options.project} as ${role}.`;
  }
  const change = await setMemberRole({ db, projectId, userId, role });
  if (change.before !== change.after)
    await auditCli(db, {
      action: "member.role",
      targetType: "project_member",
      targetId: userId,
      projectId,
      before: { user: change.email, role: change.before },
      after: { role },
    });
  return `${change.email} is ${role} in ${options.project}${change.before === role ? " already" : ` (was ${change.before})`}.`;
}

/** `--admin` / `--no-admin` sets the global flag; `--project` with `--role` adds or re-roles a membership, with `--remove` ends it. */
export async function userRoleCommand(options: {
  email: string;
  admin?: boolean;
  project?: string;
  role?: string;
  remove?: boolean;
}): Promise<number> {
  if (options.admin === undefined && !options.project)
    throw new AppError("BAD_REQUEST", "Say what to change: --admin or --no-admin, and/or --project <slug> with --role <role> or --remove.");
  if (options.project && !options.role && !options.remove)
    throw new AppError("BAD_REQUEST", `Give --role <${PROJECT_ROLES.join("|")}> or --remove with --project.`);
  if (options.project && options.role && options.remove) throw new AppError("BAD_REQUEST", "Give --role or --remove, not both.");
  if (!options.project && (options.role || options.remove)) throw new AppError("BAD_REQUEST", "--role and --remove need --project <slug>.");
  if (options.role) projectRole(options.role);
  return withCommandDb("rosetta-user", async (db) => {
    const userId = await userIdByEmail(db, options.email);
    const email = options.email.trim().toLowerCase();
    if (options.admin !== undefined) {
      const { before, after } = await updateUser({ db, userId, actorId: null, input: { admin: options.admin } });
      if (after.admin !== undefined)
        await auditCli(db, { action: "user.role", targetType: "user", targetId: userId, before: { email, admin: before.admin }, after });
      console.log(
        after.admin === undefined
          ? `${email} is ${options.admin ? "an administrator" : "not an administrator"} already.`
          : `${email} is ${options.admin ? "now an administrator" : "no longer an administrator"}.`,
      );
    }
    if (options.project)
      console.log(await changeMembership(db, userId, email, { project: options.project, role: options.role, remove: options.remove }));
    return 0;
  });
}

/** A new password for someone: piped in, generated and shown once, or (`--link`) a one-time link valid for a day. Their sessions end (not with a link: until it is used). */
export async function userPasswordCommand(options: { email: string; link?: boolean }): Promise<number> {
  const piped = options.link || process.stdin.isTTY ? "" : (await text(process.stdin)).replace(/\r?\n$/, "");
  return withCommandDb("rosetta-user", async (db) => {
    const userId = await userIdByEmail(db, options.email);
    const email = options.email.trim().toLowerCase();
    if (options.link) {
      const reset = await resetPassword({ db, userId, method: "link" });
      await auditCli(db, {
        action: "user.password_reset",
        targetType: "user",
        targetId: userId,
        after: { email, method: "one-time link", linkExpiresAt: reset.expiresAt },
      });
      console.log(
        `One-time reset link for ${email}, valid until ${reset.expiresAt} (on the studio's address, e.g. http://${env.HOST}:${env.PORT}):\n${reset.link}`,
      );
      return 0;
    }
    const password = piped || generatePassword();
    const { sessionsEnded } = await setPassword({ db, userId, password });
    await auditCli(db, {
      action: "user.password_reset",
      targetType: "user",
      targetId: userId,
      after: { email, method: piped ? "piped in" : "generated, shown once", sessionsEnded },
    });
    console.log(`New password set for ${email}; ${sessionsEnded} session${sessionsEnded === 1 ? "" : "s"} ended.`);
    if (!piped) console.log(`Password (shown once): ${password}`);
    return 0;
  });
}
