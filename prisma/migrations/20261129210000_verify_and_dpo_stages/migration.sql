-- Issue 5: verification of candidates left unverified, and the DPO stage (Ds4), as run stages.
ALTER TYPE "run_stage" ADD VALUE 'VERIFY';
ALTER TYPE "run_stage" ADD VALUE 'DPO';

-- One DPO query per candidate: a retried job must not sample the same query twice.
CREATE UNIQUE INDEX "dpo_queries_candidate_id_key" ON "dpo_queries" ("candidate_id");
DROP INDEX IF EXISTS "dpo_queries_candidate_id_idx";
