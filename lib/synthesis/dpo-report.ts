import "server-only";
import type { Db } from "@/lib/db/client";
import type { DpoLanguageReport, DpoReport } from "@/lib/projects/dpo-report-types";
import { parseProjectSettings } from "@/lib/synthesis/settings";

/**
 * The DPO queries each run's stage made (its DPO items are candidate ids), per language and outcome:
 * the ALL_PASS / ALL_FAIL shares say how much sampling was spent on queries too easy or too hard for
 * the sampled model to yield a pair. One query for any number of runs (the runs list asks for twenty).
 */
export async function dpoReports(db: Db, runIds: string[]): Promise<Map<string, DpoReport>> {
  if (!runIds.length) return new Map();
  const rows = await db.$queryRaw<
    { run_id: string; language: string; outcome: string; sampled_by: string | null; n: number; pairs: number }[]
  >`
    select i.run_id::text as run_id, q.language, q.outcome::text as outcome, q.sampled_by::text as sampled_by,
           count(*)::int as n, coalesce(sum(pc.n), 0)::int as pairs
    from run_items i join dpo_queries q on q.candidate_id::text = i.item_key
    cross join lateral (select count(*) as n from dpo_pairs p where p.dpo_query_id = q.id) pc
    where i.run_id = any(${runIds}::uuid[]) and i.stage = 'DPO' and i.status = 'DONE'
    group by 1, 2, 3, 4`;
  const runs = await db.synthesisRun.findMany({
    where: { id: { in: runIds }, stages: { has: "DPO" } },
    select: { id: true, status: true, stages: true, settings: true },
  });
  const reports = new Map<string, DpoReport>();
  for (const run of runs) {
    const lines = new Map<string, DpoLanguageReport>();
    let fromResponseGenerator = 0;
    for (const row of rows.filter((r) => r.run_id === run.id)) {
      let line = lines.get(row.language);
      if (!line) lines.set(row.language, (line = { language: row.language, queries: 0, paired: 0, allPass: 0, allFail: 0, pairs: 0 }));
      line.queries += row.n;
      line.pairs += row.pairs;
      if (row.outcome === "PAIRED") line.paired += row.n;
      else if (row.outcome === "ALL_PASS") line.allPass += row.n;
      else line.allFail += row.n;
      if (row.sampled_by === "RESPONSE_GENERATOR") fromResponseGenerator += row.n;
    }
    const freshRun = parseProjectSettings(run.settings).dpo.queries === "fresh_run";
    const over = run.status !== "RUNNING" && run.status !== "PAUSED";
    const note =
      lines.size || !freshRun || !over
        ? null
        : run.stages.includes("DISCUSS")
          ? 'no queries: dpo.queries is "fresh_run" and this run\'s discussions made no new candidates'
          : 'no queries: dpo.queries is "fresh_run" and this run has no discuss stage';
    reports.set(run.id, {
      languages: [...lines.values()].sort((a, b) => a.language.localeCompare(b.language)),
      fromResponseGenerator,
      note,
    });
  }
  return reports;
}
