import { recordAudit } from "@/lib/auth/accounts";
import { clientAddress, route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/http";
import { StartRunInput } from "@/lib/projects/config-types";
import { projectBySlug } from "@/lib/projects/dashboard";
import { listProjectRuns } from "@/lib/projects/list-runs";
import { startProjectRun } from "@/lib/projects/start-run";

export const dynamic = "force-dynamic";

/** The project's latest runs, each with its progress per stage. */
export const GET = route<{ slug: string }>(
  "project:read",
  async ({ projectId }) => Response.json({ items: await listProjectRuns({ db: getDb(), projectId }) }),
  { project: projectBySlug },
);

/** Starts a run (`{stages, limit?}`); the workers take it from there. */
export const POST = route<{ slug: string }>(
  "run:manage",
  async ({ request, principal, projectId }) => {
    const input = parseInput(StartRunInput, await request.json().catch(() => null), "run");
    const db = getDb();
    const run = await startProjectRun({ db, projectId, stages: input.stages, limit: input.limit, howToBind: "bind them under Model roles in the project's settings" });
    await recordAudit(db, { principal, action: "run.start", targetType: "synthesis_run", targetId: run.id, projectId, after: input, ip: clientAddress(request) });
    return Response.json(run, { status: 201 });
  },
  { project: projectBySlug },
);
