import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/http";
import { UpdateProjectInput } from "@/lib/projects/config-types";
import { getProjectConfig, updateProject } from "@/lib/projects/settings";

export const dynamic = "force-dynamic";

/** The project's configuration: name, languages, protocol settings (stored and with defaults), role bindings. */
export const GET = route<{ slug: string }>(
  "project:read",
  async ({ projectId }) => Response.json(await getProjectConfig({ db: getDb(), projectId })),
  { project: "slug" },
);

/** Changes the name, languages and/or protocol settings; runs already started keep their copy. */
export const PATCH = route<{ slug: string }>(
  "project:configure",
  async ({ request, projectId, audit }) => {
    const input = parseInput(UpdateProjectInput, await request.json().catch(() => null), "project settings");
    const db = getDb();
    const { before, after } = await updateProject({ db, projectId, input });
    await audit("project.settings", { type: "project", id: projectId }, { before, after });
    return Response.json(await getProjectConfig({ db, projectId }));
  },
  { project: "slug" },
);
