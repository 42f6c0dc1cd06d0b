import "server-only";
import type { Db } from "@/lib/db/client";
import type { RunStage } from "@/lib/db/generated/enums";
import { dpoReports } from "@/lib/synthesis/dpo-report";
import { CANCELLED, itemStatusOf } from "@/lib/synthesis/items";
import type { DpoReport } from "@/lib/projects/dpo-report-types";
import { skipsContaminatedSnippets } from "@/lib/synthesis/runs";
import { parseProjectSettings } from "@/lib/synthesis/settings";

/** Where a run stands: per stage and language, what is done, what failed and why, and what it cost. */

export interface LanguageLine {
  language: string;
  done: number;
  failed: number;
  pending: number;
  tokens: number;
  costUsd: number;
  /** Seed stage: pairs the scorer kept and dropped. */
  kept?: number;
  dropped?: number;
  /** Discuss stage: evolutions the elimination step dropped (done discussions without a candidate). */
  eliminated?: number;
}

export interface StageSummary {
  stage: RunStage;
  total: number;
  done: number;
  failed: number;
  pending: number;
  languages: LanguageLine[];
  /** Seed stage: the project's snippets left unseeded because they are benchmark problems (decontamination). */
  skippedContaminated?: number;
  /** DPO stage: queries per language and outcome (the ALL_PASS / ALL_FAIL shares), and whether a policy endpoint sampled them. */
  dpo?: DpoReport;
  /** Failure reasons, most frequent first, with one item as an example. */
  reasons: { reason: string; count: number; example: string }[];
}

export interface RunSummary {
  id: string;
  status: string;
  /** Once over with failures: the failures per stage in one line ("seed 3 of 40 failed; …"). */
  error: string | null;
  stage: RunStage | null;
  round: number;
  stages: StageSummary[];
  tokens: number;
  costUsd: number;
}

/** The llm_calls stage names that belong to each run stage. */
const CALL_STAGE: Record<string, RunStage> = { seed: "SEED", "seed-score": "SEED", discussion: "DISCUSS", solve: "SOLVE", dpo: "DPO" };

/** Strips ids and numbers so that equal causes group together. */
function reasonKey(reason: string): string {
  return reason
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "…")
    .replace(/\d+(\.\d+)?/g, "N")
    .slice(0, 200);
}

export async function summarizeRun(db: Db, runId: string): Promise<RunSummary> {
  const run = await db.synthesisRun.findUniqueOrThrow({
    where: { id: runId },
    select: { id: true, projectId: true, status: true, error: true, stage: true, round: true, stages: true, settings: true },
  });
  const counts = await db.$queryRaw<{ stage: RunStage; language: string | null; status: string; n: number }[]>`
    select stage, language, status, count(*)::int as n from run_items where run_id = ${runId}::uuid group by stage, language, status`;
  const usage = await db.$queryRaw<{ stage: string; language: string | null; tokens: number; cost: number }[]>`
    select stage, language, sum(prompt_tokens + completion_tokens)::int as tokens, coalesce(sum(cost_usd), 0)::float8 as cost
    from llm_calls where run_id = ${runId}::uuid group by stage, language`;
  // A seed item is one (snippet, kind) pair, keyed `<snippetId>:<kind>` (lib/synthesis/seeds.ts).
  const seeds = await db.$queryRaw<{ language: string; status: string; n: number }[]>`
    select s.language, s.status::text as status, count(*)::int as n
    from run_items i join seed_samples s on s.snippet_id = split_part(i.item_key, ':', 1)::uuid and s.kind::text = split_part(i.item_key, ':', 2)
    where i.run_id = ${runId}::uuid and i.stage = 'SEED' and i.status = 'DONE' group by s.language, s.status`;
  // Eliminated evolutions, by target language: a discussion that is done yet made nothing says why.
  const eliminated = run.stages.includes("DISCUSS")
    ? await db.$queryRaw<{ language: string; n: number }[]>`
        select d.target_language as language, count(*)::int as n from turns t join discussions d on d.id = t.discussion_id
        where d.run_id = ${runId}::uuid and t.kind = 'ELIMINATED' group by d.target_language`
    : [];
  // Never silent: the snippets the seed stage passed over as benchmark problems (those still without a seed).
  let skippedContaminated: number | undefined;
  if (run.stages.includes("SEED") && skipsContaminatedSnippets(parseProjectSettings(run.settings))) {
    const [row] = await db.$queryRaw<{ n: number }[]>`
      select count(*)::int as n from snippets s where s.project_id = ${run.projectId}::uuid and s.contamination is not null
         and not exists (select 1 from seed_samples x where x.snippet_id = s.id)`;
    skippedContaminated = row?.n ?? 0;
  }
  const dpo = run.stages.includes("DPO") ? (await dpoReports(db, [runId])).get(runId) : undefined;
  const failures = (
    await db.runItem.findMany({
      // A cancelled run's queued items are cancelled, settled or not (itemStatusOf).
      where: { runId, status: run.status === "CANCELLED" ? { in: ["FAILED", "QUEUED"] } : "FAILED" },
      select: { stage: true, itemKey: true, reason: true, status: true },
      orderBy: { id: "asc" },
      take: 5_000,
    })
  ).map((item) => (item.status === "QUEUED" ? { ...item, reason: CANCELLED } : item));

  const stages = run.stages.map((stage): StageSummary => {
    const lines = new Map<string, LanguageLine>();
    const line = (language: string) => {
      let entry = lines.get(language);
      if (!entry) lines.set(language, (entry = { language, done: 0, failed: 0, pending: 0, tokens: 0, costUsd: 0 }));
      return entry;
    };
    for (const row of counts.filter((c) => c.stage === stage)) {
      const entry = line(row.language ?? "all");
      const status = itemStatusOf(run.status, row.status);
      if (status === "DONE") entry.done += row.n;
      else if (status === "FAILED") entry.failed += row.n;
      else entry.pending += row.n;
    }
    for (const row of usage.filter((u) => CALL_STAGE[u.stage] === stage)) {
      const entry = line(row.language ?? "all");
      entry.tokens += row.tokens;
      entry.costUsd += row.cost;
    }
    if (stage === "SEED") {
      for (const row of seeds) {
        const entry = line(row.language);
        if (row.status === "KEPT") entry.kept = (entry.kept ?? 0) + row.n;
        else entry.dropped = (entry.dropped ?? 0) + row.n;
      }
    }
    if (stage === "DISCUSS") for (const row of eliminated) line(row.language).eliminated = row.n;
    const grouped = new Map<string, { reason: string; count: number; example: string }>();
    for (const failure of failures.filter((f) => f.stage === stage)) {
      const key = reasonKey(failure.reason ?? "no reason recorded");
      const entry = grouped.get(key) ?? { reason: failure.reason ?? "no reason recorded", count: 0, example: failure.itemKey };
      entry.count += 1;
      grouped.set(key, entry);
    }
    const languages = [...lines.values()].sort((a, b) => a.language.localeCompare(b.language));
    const sum = (key: "done" | "failed" | "pending") => languages.reduce((total, l) => total + l[key], 0);
    return {
      stage,
      total: sum("done") + sum("failed") + sum("pending"),
      done: sum("done"),
      failed: sum("failed"),
      pending: sum("pending"),
      languages,
      ...(stage === "SEED" && skippedContaminated !== undefined ? { skippedContaminated } : {}),
      ...(stage === "DPO" && dpo ? { dpo } : {}),
      reasons: [...grouped.values()].sort((a, b) => b.count - a.count),
    };
  });
  return {
    id: run.id,
    status: run.status,
    error: run.error,
    stage: run.stage,
    round: run.round,
    stages,
    tokens: usage.reduce((total, u) => total + u.tokens, 0),
    costUsd: usage.reduce((total, u) => total + u.cost, 0),
  };
}
