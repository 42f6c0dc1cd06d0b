import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { listEvalSuites } from "@/lib/eval/suite-catalog";
import { StartEvalInput } from "@/lib/eval/types";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/http";

/**
 * A studio request to start an evaluation, checked against what the project has before any row is
 * written: the endpoint profile is a stored one (the studio never takes a bare URL: a key typed in a
 * form would end up nowhere safe), the suite is a bundled one, each language is one
 * the suite has, the dataset version is this project's. Each refusal names what is wrong.
 */
export async function checkEvalStart({ db, projectId, body }: { db: Db; projectId: string; body: unknown }): Promise<StartEvalInput> {
  const input = parseInput(StartEvalInput, body, "evaluation");
  if (!input.endpointProfileId)
    throw new AppError("BAD_REQUEST", "Choose an endpoint profile to evaluate (endpointProfileId); add one under Settings → Endpoints.");
  if (!(await db.endpointProfile.findUnique({ where: { id: input.endpointProfileId }, select: { id: true } })))
    throw new AppError("NOT_FOUND", `No endpoint profile ${input.endpointProfileId}.`);
  const suites = listEvalSuites();
  const suite = suites.find((s) => s.id === input.suite);
  if (!suite) throw new AppError("BAD_REQUEST", `Unknown suite "${input.suite}": choose one of ${suites.map((s) => s.id).join(", ")}.`);
  const unknown = (input.languages ?? []).filter((language) => !suite.languages.includes(language));
  if (unknown.length)
    throw new AppError(
      "BAD_REQUEST",
      `${suite.name} has no ${unknown.join(", ")} problems the sandbox can run: choose from ${suite.languages.join(", ") || "none"}.`,
    );
  if (input.datasetVersionId) await checkDatasetVersion({ db, projectId, id: input.datasetVersionId });
  return input;
}

/** A dataset version of this project, or a 404 saying so. */
export async function checkDatasetVersion({
  db,
  projectId,
  id,
}: {
  db: Db;
  projectId: string;
  id: string;
}): Promise<{ id: string; tag: string }> {
  const version = z.uuid().safeParse(id).success
    ? await db.datasetVersion.findFirst({ where: { id, projectId }, select: { id: true, tag: true } })
    : null;
  if (!version) throw new AppError("NOT_FOUND", `No dataset version ${id} in this project.`);
  return version;
}
