import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { problemStatements } from "@/lib/eval/suite-catalog";
import { EvalVerdictName, type EvalResultPage } from "@/lib/eval/view-types";
import { getEvalRun } from "@/lib/eval/views";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/http";

/** A run's answers, a page at a time, in (language, task, sample) order: keyset pages, so a page deep in a big run costs what the first does. */

export const EvalResultQuery = z.object({
  language: z.string().min(1).optional(),
  verdict: EvalVerdictName.optional(),
  task: z.string().min(1).optional(),
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const Cursor = z.tuple([z.string(), z.string(), z.number().int()]);

function readCursor(cursor: string): z.infer<typeof Cursor> {
  try {
    return Cursor.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new AppError("BAD_REQUEST", "Invalid cursor: pass the nextCursor of the page before, as it was given.");
  }
}

export async function listEvalResults({
  db,
  projectId,
  id,
  query,
}: {
  db: Db;
  projectId: string;
  id: string;
  query: Record<string, string>;
}): Promise<EvalResultPage> {
  const { language, verdict, task, cursor, limit } = parseInput(EvalResultQuery, query, "results query");
  const run = await getEvalRun({ db, projectId, id });
  if (language && !run.perLanguage.some((l) => l.language === language))
    throw new AppError(
      "BAD_REQUEST",
      `This evaluation has no ${language} answers: it ran ${run.perLanguage.map((l) => l.language).join(", ")}.`,
    );
  const after = cursor ? readCursor(cursor) : null;
  const rows = await db.evalResult.findMany({
    where: {
      evalRunId: id,
      language,
      verdict,
      taskId: task,
      ...(after && {
        OR: [
          { language: { gt: after[0] } },
          { language: after[0], taskId: { gt: after[1] } },
          { language: after[0], taskId: after[1], sampleIndex: { gt: after[2] } },
        ],
      }),
    },
    orderBy: [{ language: "asc" }, { taskId: "asc" }, { sampleIndex: "asc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const prompts = new Map<string, Map<string, string>>();
  for (const lang of new Set(page.map((row) => row.language)))
    prompts.set(
      lang,
      await problemStatements({
        db,
        suite: run.suite,
        language: lang,
        taskIds: page.filter((r) => r.language === lang).map((r) => r.taskId),
      }),
    );
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      language: row.language,
      taskId: row.taskId,
      sampleIndex: row.sampleIndex,
      verdict: row.verdict,
      prompt: prompts.get(row.language)?.get(row.taskId) ?? null,
      answer: row.answer,
      code: row.code,
      output: row.output,
      durationMs: row.durationMs,
    })),
    nextCursor:
      rows.length > limit && last
        ? Buffer.from(JSON.stringify([last.language, last.taskId, last.sampleIndex])).toString("base64url")
        : null,
  };
}
