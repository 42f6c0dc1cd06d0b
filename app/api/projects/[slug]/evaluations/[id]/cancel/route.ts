import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { cancelEvalRun } from "@/lib/eval/update-run";

export const dynamic = "force-dynamic";

/** Stops a queued or running evaluation; the answers it has stay. */
export const POST = route<{ slug: string; id: string }>(
  "run:manage",
  async ({ projectId, audit }, params) => Response.json(await cancelEvalRun({ db: getDb(), projectId, id: params.id, audit })),
  { project: "slug" },
);
