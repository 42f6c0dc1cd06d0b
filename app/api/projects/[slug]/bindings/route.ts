import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/http";
import { RoleBindingsInput } from "@/lib/projects/config-types";
import { getProjectConfig, setRoleBindings } from "@/lib/projects/settings";

export const dynamic = "force-dynamic";

/** Which endpoint profile each LLM role of the project calls (`{bindings: {role: profileId | null}}`; null unbinds). */
export const PUT = route<{ slug: string }>(
  "project:configure",
  async ({ request, projectId, audit }) => {
    const input = parseInput(RoleBindingsInput, await request.json().catch(() => null), "role bindings");
    const db = getDb();
    const { before, after } = await setRoleBindings({ db, projectId, input });
    await audit("project.bindings", { type: "project", id: projectId }, { before, after });
    return Response.json(await getProjectConfig({ db, projectId }));
  },
  { project: "slug" },
);
