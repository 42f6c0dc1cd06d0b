import { Prisma } from "@/lib/db/generated/client";
import type { RunStage } from "@/lib/db/generated/enums";
import type { ProjectSettings } from "@/lib/synthesis/settings";

/**
 * Which candidates the DPO stage takes as queries (`dpo.queries`). The paper runs the framework
 * again for its DPO queries (§2.6), so "fresh_run" takes the agent candidates this run's own
 * discussions made; "candidates" takes the project's agent candidates a reviewer has not rejected.
 * Either way a candidate is a query once, and a seed item (DS1/DS2) never is: it has no tests.
 */
export function dpoQueryPick(settings: ProjectSettings, runId: string): Prisma.Sql {
  const notYet = Prisma.sql`c.source = 'DS3' and not exists (select 1 from dpo_queries q where q.candidate_id = c.id)`;
  return settings.dpo.queries === "fresh_run"
    ? Prisma.sql`${notYet} and c.discussion_id in (select d.id from discussions d where d.run_id = ${runId}::uuid)`
    : Prisma.sql`${notYet} and c.review_status <> 'REJECTED'`;
}

/** Why a run with these stages would get no DPO queries, or null: said at start rather than as an empty stage. */
export function dpoQueriesProblem(settings: ProjectSettings, stages: RunStage[]): string | null {
  if (!stages.includes("DPO") || settings.dpo.queries !== "fresh_run" || stages.includes("DISCUSS")) return null;
  return (
    "dpo.queries is \"fresh_run\": the DPO stage samples the candidates this run's discussions make (the paper's further framework run), " +
    'and this run has no discuss stage. Run agents,discuss,dpo, or set dpo.queries to "candidates" to sample existing candidates.'
  );
}
