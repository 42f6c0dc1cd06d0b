import "server-only";
import type { Db } from "@/lib/db/client";

export interface UsageRow {
  day: string;
  stage: string;
  language: string | null;
  role: string;
  calls: number;
  failed: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number | null;
}

/** Calls, tokens and cost summed per day (UTC), stage, language and role; for one project or all. */
export async function summarizeLlmUsage({ db, projectId, since }: { db: Db; projectId?: string; since?: Date }): Promise<UsageRow[]> {
  const rows = await db.$queryRaw<
    {
      day: Date;
      stage: string;
      language: string | null;
      role: string;
      calls: bigint;
      failed: bigint;
      prompt_tokens: bigint;
      completion_tokens: bigint;
      cost_usd: string | null;
    }[]
  >`select date_trunc('day', created_at) as day, stage, language, role::text as role,
           sum(calls) as calls, count(error_code) as failed,
           sum(prompt_tokens) as prompt_tokens, sum(completion_tokens) as completion_tokens, sum(cost_usd)::text as cost_usd
      from llm_calls
     where (${projectId ?? null}::uuid is null or project_id = ${projectId ?? null}::uuid)
       and created_at >= ${since ?? new Date(0)}
     group by 1, 2, 3, 4
     order by 1 desc, 2, 3 nulls last, 4`;
  return rows.map((row) => ({
    day: row.day.toISOString().slice(0, 10),
    stage: row.stage,
    language: row.language,
    role: row.role,
    calls: Number(row.calls),
    failed: Number(row.failed),
    promptTokens: Number(row.prompt_tokens),
    completionTokens: Number(row.completion_tokens),
    costUsd: row.cost_usd === null ? null : Number(row.cost_usd),
  }));
}
