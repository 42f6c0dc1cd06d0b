import { recordAudit } from "@/lib/auth/accounts";
import { clientAddress, route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/http";
import { UpdateProjectInput } from "@/lib/projects/config-types";
import { projectBySlug } from "@/lib/projects/dashboard";
import { getProjectConfig, updateProject } from "@/lib/projects/settings";

export const dynamic = "force-dynamic";

/** The project's configuration: name, languages, protocol settings (stored and with defaults), role bindings. */
export const GET = route<{ slug: string }>("project:read", async (_context, { slug }) => Response.json(await getProjectConfig({ db: getDb(), slug })), { project: projectBySlug });

/** Changes the name, languages and/or protocol settings; runs already started keep their copy. */
export const PATCH = route<{ slug: string }>(
  "project:configure",
  async ({ request, principal, projectId }, { slug }) => {
    const input = parseInput(UpdateProjectInput, await request.json().catch(() => null), "project settings");
    const db = getDb();
    const { before, after } = await updateProject({ db, projectId, input });
    await recordAudit(db, { principal, action: "project.settings", targetType: "project", targetId: projectId, projectId, before, after, ip: clientAddress(request) });
    return Response.json(await getProjectConfig({ db, slug }));
  },
  { project: projectBySlug },
);
