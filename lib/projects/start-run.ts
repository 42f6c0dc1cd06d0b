import "server-only";
import type { Db } from "@/lib/db/client";
import type { RunStage } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { LLM_ROLES, REQUIRED_ROLES } from "@/lib/model-roles";
import { bindProjectRole } from "@/lib/llm/profiles";
import { startRun } from "@/lib/synthesis/runs";

/** Stages that call no model: a run of only these needs no role bound. */
const MODEL_FREE: RunStage[] = ["AGENTS", "VERIFY"];

/**
 * Starts a run on a project (the studio's Start button, `rosetta run`): optionally binds every role
 * to one endpoint profile first, then refuses, naming them, when a stage needs a role that has no
 * endpoint. `howToBind` is the caller's advice on fixing that (a flag, a page).
 */
export async function startProjectRun({
  db,
  projectId,
  stages,
  limit,
  endpointProfileId,
  policyEndpointProfileId,
  howToBind = "bind them in the project's settings",
}: {
  db: Db;
  projectId: string;
  stages: RunStage[];
  limit?: number;
  endpointProfileId?: string;
  /** The policy role's own profile (the model being trained), bound after `endpointProfileId`. */
  policyEndpointProfileId?: string;
  howToBind?: string;
}): Promise<{ id: string }> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { slug: true } });
  if (!project) throw new AppError("NOT_FOUND", `No project ${projectId}.`);
  if (endpointProfileId) for (const role of LLM_ROLES) await bindProjectRole({ db, projectId, role, endpointProfileId });
  if (policyEndpointProfileId) await bindProjectRole({ db, projectId, role: "policy", endpointProfileId: policyEndpointProfileId });
  const bound = new Set(
    (await db.projectRoleBinding.findMany({ where: { projectId }, select: { role: true } })).map((b) => b.role.toLowerCase()),
  );
  const missing = REQUIRED_ROLES.filter((role) => !bound.has(role));
  if (missing.length && stages.some((stage) => !MODEL_FREE.includes(stage))) {
    throw new AppError("BAD_REQUEST", `Project "${project.slug}" has no model endpoint for: ${missing.join(", ")}; ${howToBind}.`);
  }
  return startRun({ db, projectId, stages, limit });
}
