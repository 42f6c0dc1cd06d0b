import { parseInput, queryOf } from "@/lib/http";
import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { listProjects } from "@/lib/projects/list-projects";
import { ListProjectsQuery } from "@/lib/projects/types";

export const dynamic = "force-dynamic";

/** The projects the caller may read: all for an admin, their memberships otherwise. */
export const GET = route("signed-in", async ({ request, principal }) => {
  const query = parseInput(ListProjectsQuery, queryOf(request), "query");
  const only = principal.kind === "anonymous" || principal.admin ? undefined : Object.keys(principal.projectRoles);
  return Response.json(await listProjects({ db: getDb(), ...query, only }));
});
