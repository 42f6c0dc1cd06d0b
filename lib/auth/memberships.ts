import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import type { Member, ProjectRoleName } from "@/lib/auth/people-types";
import { userIdByEmail } from "@/lib/auth/users";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** Who belongs to a project and with which role (curator, annotator, viewer). Admins need no membership. */

const dbRole = (role: ProjectRoleName) => role.toUpperCase() as "CURATOR" | "ANNOTATOR" | "VIEWER";
const roleName = (role: string) => role.toLowerCase() as ProjectRoleName;

export async function listMembers({ db, projectId }: { db: Db; projectId: string }): Promise<Member[]> {
  const rows = await db.projectMember.findMany({
    where: { projectId },
    include: { user: { select: { email: true, name: true, disabledAt: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({
    userId: m.userId,
    email: m.user.email,
    name: m.user.name,
    role: roleName(m.role),
    disabled: m.user.disabledAt !== null,
  }));
}

async function membership(db: Db, projectId: string, userId: string) {
  const row = await db.projectMember
    .findUnique({ where: { projectId_userId: { projectId, userId } }, include: { user: { select: { email: true } } } })
    .catch(() => null);
  if (!row) throw new AppError("NOT_FOUND", "That user is not a member of this project.");
  return row;
}

export async function addMember({
  db,
  projectId,
  email,
  role,
}: {
  db: Db;
  projectId: string;
  email: string;
  role: ProjectRoleName;
}): Promise<{ id: string; userId: string; email: string; role: ProjectRoleName }> {
  const userId = await userIdByEmail(db, email);
  try {
    const row = await db.projectMember.create({
      data: { projectId, userId, role: dbRole(role) },
      include: { user: { select: { email: true } } },
    });
    return { id: row.id, userId, email: row.user.email, role };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new AppError("CONFLICT", `${email.trim().toLowerCase()} is a member of this project already; change their role instead.`);
    throw error;
  }
}

export async function setMemberRole({
  db,
  projectId,
  userId,
  role,
}: {
  db: Db;
  projectId: string;
  userId: string;
  role: ProjectRoleName;
}): Promise<{ id: string; email: string; before: ProjectRoleName; after: ProjectRoleName }> {
  const row = await membership(db, projectId, userId);
  await db.projectMember.update({ where: { id: row.id }, data: { role: dbRole(role) } });
  return { id: row.id, email: row.user.email, before: roleName(row.role), after: role };
}

export async function removeMember({
  db,
  projectId,
  userId,
}: {
  db: Db;
  projectId: string;
  userId: string;
}): Promise<{ id: string; email: string; role: ProjectRoleName }> {
  const row = await membership(db, projectId, userId);
  await db.projectMember.delete({ where: { id: row.id } });
  return { id: row.id, email: row.user.email, role: roleName(row.role) };
}
