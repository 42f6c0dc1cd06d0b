import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { checkEvalStart } from "@/lib/eval/check-start";
import { startEvaluation } from "@/lib/eval/start";
import { listEvalSuites } from "@/lib/eval/suite-catalog";
import { getEvalRun, listEvalRuns } from "@/lib/eval/views";

export const dynamic = "force-dynamic";

/** The project's evaluations (progress and pass@1 per language), and the suites a new one may use. */
export const GET = route<{ slug: string }>(
  "project:read",
  async ({ projectId }) => {
    const db = getDb();
    return Response.json({ projectId, items: await listEvalRuns({ db, projectId }), suites: listEvalSuites() });
  },
  { project: "slug" },
);

/** Starts an evaluation of a stored endpoint profile on a suite; the workers take it from there. */
export const POST = route<{ slug: string }>(
  "run:manage",
  async ({ request, projectId, principal, audit }) => {
    const db = getDb();
    const input = await checkEvalStart({ db, projectId, body: await request.json().catch(() => null) });
    const { run } = await startEvaluation({ db, projectId, createdById: principal.userId, input });
    const id = run.id;
    await audit("evaluation.start", { type: "eval_run", id }, { after: input });
    return Response.json(await getEvalRun({ db, projectId, id }), { status: 201 });
  },
  { project: "slug" },
);
