import { z } from "zod";
import { recordAudit } from "@/lib/auth/accounts";
import { clientAddress, route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/http";
import { RunAction } from "@/lib/projects/config-types";
import { cancelRun, pauseRun, resumeRun } from "@/lib/synthesis/runs";

export const dynamic = "force-dynamic";

async function runProject(_request: Request, { runId }: { runId: string }): Promise<string> {
  if (!z.uuid().safeParse(runId).success) throw new AppError("NOT_FOUND", `No run ${runId}.`);
  const run = await getDb().synthesisRun.findUnique({ where: { id: runId }, select: { projectId: true } });
  if (!run) throw new AppError("NOT_FOUND", `No run ${runId}.`);
  return run.projectId;
}

const CONTROLS = { pause: pauseRun, resume: resumeRun, cancel: cancelRun };

/** `{action: "pause" | "resume" | "cancel"}`: a conditional change of the run's state (409 when it is not in a state that allows it). */
export const POST = route<{ runId: string }>(
  "run:manage",
  async ({ request, principal }, { runId }) => {
    const { action } = parseInput(RunAction, await request.json().catch(() => null), "run action");
    const db = getDb();
    const change = await CONTROLS[action]({ db, runId });
    await recordAudit(db, { principal, action: `run.${action}`, targetType: "synthesis_run", targetId: runId, projectId: change.projectId, before: { status: change.from }, after: { status: change.to, items: change.items }, ip: clientAddress(request) });
    return Response.json(change);
  },
  { project: runProject },
);
