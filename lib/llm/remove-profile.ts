import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * Removes an endpoint profile no project binds. While any does, it is refused (409) naming those
 * projects: unbinding is a decision for each project's curators, never a side effect of this.
 * The profile's past LLM calls stay (their endpoint becomes unknown); its rate windows go with it.
 * Returns what was removed, for the audit.
 */
export async function removeEndpointProfile({
  db,
  id,
}: {
  db: Db;
  id: string;
}): Promise<{ id: string; name: string; baseUrl: string; model: string }> {
  const missing = new AppError("NOT_FOUND", `No endpoint profile ${id}.`);
  if (!z.uuid().safeParse(id).success) throw missing;
  return db.$transaction(async (tx) => {
    // Held until the delete commits: a binding made meanwhile waits on this row, then fails on it, so none slips in between the check and the delete.
    const [locked] = await tx.$queryRaw<{ id: string }[]>`select id::text from endpoint_profiles where id = ${id}::uuid for update`;
    if (!locked) throw missing;
    const profile = await tx.endpointProfile.findUniqueOrThrow({
      where: { id },
      select: { id: true, name: true, baseUrl: true, model: true },
    });
    const bindings = await tx.projectRoleBinding.findMany({
      where: { endpointProfileId: id },
      select: { project: { select: { slug: true } } },
      orderBy: { project: { slug: "asc" } },
    });
    const projects = [...new Set(bindings.map((binding) => binding.project.slug))];
    if (projects.length) {
      throw new AppError(
        "CONFLICT",
        `"${profile.name}" is bound in ${projects.length === 1 ? "project" : "projects"} ${projects.join(", ")}: bind those roles to another endpoint first.`,
      );
    }
    await tx.endpointProfile.delete({ where: { id } });
    return profile;
  });
}
