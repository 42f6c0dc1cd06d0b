import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/http";
import { updateEvalRun } from "@/lib/eval/update-run";
import { UpdateEvalInput } from "@/lib/eval/view-types";
import { getEvalRun } from "@/lib/eval/views";

export const dynamic = "force-dynamic";

/** One evaluation: its settings, progress, and scores per language. */
export const GET = route<{ slug: string; id: string }>(
  "project:read",
  async ({ projectId }, params) => Response.json(await getEvalRun({ db: getDb(), projectId, id: params.id })),
  { project: "slug" },
);

/** Renames an evaluation, or links it to the dataset version its model was trained on (`datasetVersionId`, null to unlink). */
export const PATCH = route<{ slug: string; id: string }>(
  "run:manage",
  async ({ request, projectId, audit }, params) => {
    const input = parseInput(UpdateEvalInput, await request.json().catch(() => null), "evaluation change");
    return Response.json(await updateEvalRun({ db: getDb(), projectId, id: params.id, input, audit }));
  },
  { project: "slug" },
);
