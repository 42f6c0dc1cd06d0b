import "server-only";
import type { Audit } from "@/lib/auth/audit";
import type { Db } from "@/lib/db/client";
import { checkDatasetVersion } from "@/lib/eval/check-start";
import type { UpdateEvalInput } from "@/lib/eval/view-types";
import { getEvalRun } from "@/lib/eval/views";
import { AppError } from "@/lib/errors";

/** A person's changes to an evaluation: its label and the dataset version its model was trained on; or cancelling it. Each audited. */

export async function updateEvalRun({
  db,
  projectId,
  id,
  input,
  audit,
}: {
  db: Db;
  projectId: string;
  id: string;
  input: UpdateEvalInput;
  audit: Audit;
}) {
  const before = await getEvalRun({ db, projectId, id });
  // undefined: left as it is; null: unlinked; an id: checked to be this project's version first.
  const datasetVersionId = input.datasetVersionId
    ? (await checkDatasetVersion({ db, projectId, id: input.datasetVersionId })).id
    : input.datasetVersionId;
  await db.evalRun.update({ where: { id }, data: { label: input.label, datasetVersionId } });
  const after = await getEvalRun({ db, projectId, id });
  await audit(
    "evaluation.update",
    { type: "eval_run", id },
    {
      before: { label: before.label, datasetVersion: before.datasetVersion?.tag ?? null },
      after: { label: after.label, datasetVersion: after.datasetVersion?.tag ?? null },
    },
  );
  return after;
}

/** Stops an evaluation that is queued or running (a conditional update: one that finished meanwhile stays finished). */
export async function cancelEvalRun({ db, projectId, id, audit }: { db: Db; projectId: string; id: string; audit: Audit }) {
  const before = await getEvalRun({ db, projectId, id });
  const { count } = await db.evalRun.updateMany({
    where: { id, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "CANCELLED", finishedAt: new Date() },
  });
  if (!count)
    throw new AppError("CONFLICT", `Evaluation "${before.label}" is ${before.status.toLowerCase().replaceAll("_", " ")} already.`);
  await audit("evaluation.cancel", { type: "eval_run", id }, { before: { status: before.status }, after: { status: "CANCELLED" } });
  return getEvalRun({ db, projectId, id });
}
