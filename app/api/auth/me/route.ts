import { roleOf, visibleProjectRoles } from "@/lib/auth/permissions";
import { route } from "@/lib/auth/request";

export const dynamic = "force-dynamic";

/** Who is signed in: email, whether admin, the role per project (a project-scoped token: its project only, and `projectId`). 401 for nobody. */
export const GET = route(
  "signed-in",
  async ({ principal }) => {
    const projectId = principal.kind === "token" ? principal.projectId : null;
    return Response.json({
      email: principal.email,
      admin: principal.admin,
      role: roleOf(principal),
      projectRoles: visibleProjectRoles(principal),
      projectId,
      via: principal.kind,
    });
  },
  { narrowsToTokenProject: true },
);
