import { parseInput, queryOf } from "@/lib/http";
import { readableProjects } from "@/lib/auth/permissions";
import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { CreateProjectInput } from "@/lib/projects/config-types";
import { createProject } from "@/lib/projects/create-project";
import { listProjects } from "@/lib/projects/list-projects";
import { ListProjectsQuery } from "@/lib/projects/types";

export const dynamic = "force-dynamic";

/** The projects the caller may read: all for an admin, their memberships otherwise; a project-scoped API token's own project only. */
export const GET = route(
  "signed-in",
  async ({ request, principal }) => {
    const query = parseInput(ListProjectsQuery, queryOf(request), "query");
    return Response.json(await listProjects({ db: getDb(), ...query, only: readableProjects(principal) }));
  },
  { narrowsToTokenProject: true },
);

/** A new project (curators and admins); a curator who is not an admin becomes its curator. */
export const POST = route("project:create", async ({ request, principal, audit }) => {
  const input = parseInput(CreateProjectInput, await request.json().catch(() => null), "project");
  const project = await createProject({ db: getDb(), input, creator: principal });
  await audit("project.create", { type: "project", id: project.id, projectId: project.id }, { after: project });
  return Response.json(project, { status: 201 });
});
