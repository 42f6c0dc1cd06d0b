import { z } from "zod";
import { route } from "@/lib/auth/request";
import { parseInput } from "@/lib/http";
import { getDb } from "@/lib/db/client";
import { reviseCandidate } from "@/lib/review/revise";

export const dynamic = "force-dynamic";

const Body = z.object({
  /** The revision the edit started from: a save on a stale one is a conflict, never an overwrite. */
  parentRevisionId: z.uuid(),
  instruction: z.string().min(1).max(100_000),
  solution: z.string().min(1).max(200_000),
  tests: z.string().min(1).max(200_000),
  note: z.string().max(2_000).optional(),
});

/** A reviewer's edit: a new revision (the old ones stay), made current, its tests re-run in the sandbox. */
export const POST = route<{ id: string }>(
  "review:edit",
  async ({ request, principal, audit }, { id }) => {
    const edit = parseInput(Body, await request.json().catch(() => null), "edit");
    const revision = await reviseCandidate({ db: getDb(), candidateId: id, edit, reviewer: principal, audit });
    return Response.json(revision, { status: 201 });
  },
  { project: "candidate" },
);
