-- An item's paid calls rolled up once its outcome is stored (lib/synthesis/steps.ts: settleSteps): a
-- DPO query's 128 samples were 128 llm_calls rows and 128 work_steps rows, most of the database at
-- paper scale. A row now stands for `calls` calls (1 for every call as made); sums of tokens and cost
-- are unchanged, and counts of calls are sums of this column.
ALTER TABLE "llm_calls" ADD COLUMN "calls" INTEGER NOT NULL DEFAULT 1;
