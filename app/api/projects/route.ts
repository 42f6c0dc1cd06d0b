import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { listProjects } from "@/lib/projects/list-projects";
import { ListProjectsQuery } from "@/lib/projects/types";

export const dynamic = "force-dynamic";

/** The projects the caller may read: all for an admin, their memberships otherwise. */
export const GET = route("signed-in", async ({ request, principal }) => {
  const query = ListProjectsQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new AppError("BAD_REQUEST", `Invalid query: ${query.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  const only = principal.kind === "anonymous" || principal.admin ? undefined : Object.keys(principal.projectRoles);
  return Response.json(await listProjects({ db: getDb(), ...query.data, only }));
});
