import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/http";
import { StartRunInput } from "@/lib/projects/config-types";
import { listProjectRuns } from "@/lib/projects/list-runs";
import { startProjectRun } from "@/lib/projects/start-run";

export const dynamic = "force-dynamic";

/** The project's latest runs, each with its progress per stage. */
export const GET = route<{ slug: string }>(
  "project:read",
  async ({ projectId }) => Response.json({ items: await listProjectRuns({ db: getDb(), projectId }) }),
  { project: "slug" },
);

/** Starts a run (`{stages, limit?}`); the workers take it from there. */
export const POST = route<{ slug: string }>(
  "run:manage",
  async ({ request, projectId, audit }) => {
    const input = parseInput(StartRunInput, await request.json().catch(() => null), "run");
    const howToBind = "bind them under Model roles in the project's settings";
    const run = await startProjectRun({ db: getDb(), projectId, stages: input.stages, limit: input.limit, howToBind });
    await audit("run.start", { type: "synthesis_run", id: run.id }, { after: input });
    return Response.json(run, { status: 201 });
  },
  { project: "slug" },
);
