import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/http";
import { RunAction } from "@/lib/projects/config-types";
import { cancelRun, pauseRun, resumeRun } from "@/lib/synthesis/runs";

export const dynamic = "force-dynamic";

const CONTROLS = { pause: pauseRun, resume: resumeRun, cancel: cancelRun };

/** `{action: "pause" | "resume" | "cancel"}`: a conditional change of the run's state (409 when it is not in a state that allows it). */
export const POST = route<{ runId: string }>(
  "run:manage",
  async ({ request, audit }, { runId }) => {
    const { action } = parseInput(RunAction, await request.json().catch(() => null), "run action");
    const change = await CONTROLS[action]({ db: getDb(), runId });
    await audit(
      `run.${action}`,
      { type: "synthesis_run", id: runId },
      { before: { status: change.from }, after: { status: change.to, items: change.items } },
    );
    return Response.json(change);
  },
  { project: "run" },
);
