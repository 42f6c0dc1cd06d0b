import { normalizeEmail, signIn } from "@/lib/auth/accounts";
import { SESSION_COOKIE } from "@/lib/auth/request";
import type { Db } from "@/lib/db/client";
import type { ProjectRole } from "@/lib/db/generated/enums";
import { fixturePasswordHash } from "@/lib/testing/fixture-password";

export const TEST_PASSWORD = "a long enough password";

/**
 * A user made and signed in, for route tests: an admin, a member of a project with a role, or
 * neither; `cookie` is the header a browser would send after signing in. The account's password
 * (TEST_PASSWORD) is stored at a fixture's low scrypt cost (lib/testing/fixture-password.ts):
 * at production's cost, creating the account and signing in take two hashes, about a second each on a busy
 * 2-core machine, for each of the ~50 users the route tests make.
 */
export async function signedInUser(
  db: Db,
  { email, admin = false, project }: { email: string; admin?: boolean; project?: { id: string; role: ProjectRole } },
): Promise<{ userId: string; email: string; cookie: string }> {
  const user = await db.user.create({
    data: { email: normalizeEmail(email), passwordHash: fixturePasswordHash(TEST_PASSWORD), globalRole: admin ? "ADMIN" : "MEMBER" },
    select: { id: true, email: true },
  });
  if (project) await db.projectMember.create({ data: { projectId: project.id, userId: user.id, role: project.role } });
  const { token } = await signIn(db, { email, password: TEST_PASSWORD, ip: "test" });
  return { userId: user.id, email: user.email, cookie: `${SESSION_COOKIE}=${token}` };
}
