import { createUser, signIn } from "@/lib/auth/accounts";
import { SESSION_COOKIE } from "@/lib/auth/request";
import type { Db } from "@/lib/db/client";
import type { ProjectRole } from "@/lib/db/generated/enums";

export const TEST_PASSWORD = "a long enough password";

/**
 * A user made and signed in, for route tests: an admin, a member of a project with a role, or
 * neither; `cookie` is the header a browser would send after signing in.
 */
export async function signedInUser(
  db: Db,
  { email, admin = false, project }: { email: string; admin?: boolean; project?: { id: string; role: ProjectRole } },
): Promise<{ userId: string; email: string; cookie: string }> {
  const user = await createUser(db, { email, password: TEST_PASSWORD, admin });
  if (project) await db.projectMember.create({ data: { projectId: project.id, userId: user.id, role: project.role } });
  const { token } = await signIn(db, { email, password: TEST_PASSWORD, ip: "test" });
  return { userId: user.id, email: user.email, cookie: `${SESSION_COOKIE}=${token}` };
}
