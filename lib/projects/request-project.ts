import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** What a route's URL can name its project by, and the parameter that carries it. */
const PARAM = { slug: "slug", candidate: "id", discussion: "id", run: "runId", agent: "id" } as const;
export type ProjectLookup = keyof typeof PARAM;

/** The lookups a route with these parameters can use (a candidate's needs an `id` in the URL). */
export type ProjectLookupFor<Params> = { [L in ProjectLookup]: (typeof PARAM)[L] extends keyof Params ? L : never }[ProjectLookup];

/**
 * The project a request is about: the one its slug names, or the one its candidate, discussion, run or agent belongs to.
 * Unknown (or not an id at all) is a 404 for whoever may ask. Routes get the id from `route()`, which calls this once;
 * what they call takes that `projectId` and never looks the slug up again.
 */
export async function requestProject(db: Db, lookup: ProjectLookup, params: Record<string, string | undefined>): Promise<string> {
  const value = params[PARAM[lookup]] ?? "";
  const projectId =
    lookup === "slug"
      ? (await db.project.findUnique({ where: { slug: value }, select: { id: true } }))?.id
      : await ownerOf(db, lookup, value);
  if (!projectId) throw new AppError("NOT_FOUND", lookup === "slug" ? `No project "${value}".` : `No ${lookup} ${value}.`);
  return projectId;
}

async function ownerOf(db: Db, lookup: Exclude<ProjectLookup, "slug">, id: string): Promise<string | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  const query = { where: { id }, select: { projectId: true } } as const;
  if (lookup === "candidate") return (await db.candidate.findUnique(query))?.projectId;
  if (lookup === "discussion") return (await db.discussion.findUnique(query))?.projectId;
  if (lookup === "agent") return (await db.agent.findUnique(query))?.projectId;
  return (await db.synthesisRun.findUnique(query))?.projectId;
}
