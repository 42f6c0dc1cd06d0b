import { roleOf } from "@/lib/auth/permissions";
import { route } from "@/lib/auth/request";

export const dynamic = "force-dynamic";

/** Who is signed in: email, whether admin, the role per project. 401 for nobody. */
export const GET = route("signed-in", async ({ principal }) => {
  if (principal.kind === "anonymous") throw new Error("unreachable: the route needs a signed-in principal");
  return Response.json({ email: principal.email, admin: principal.admin, role: roleOf(principal), projectRoles: principal.projectRoles, via: principal.kind });
});
