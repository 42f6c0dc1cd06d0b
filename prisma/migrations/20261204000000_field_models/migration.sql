-- Real models in the field (issue 13).

-- Structured output per endpoint: AUTO probes the server once and remembers what it honours.
CREATE TYPE "structured_output_mode" AS ENUM ('AUTO', 'JSON_SCHEMA', 'JSON_OBJECT', 'NONE');
ALTER TABLE "endpoint_profiles"
  ADD COLUMN "max_output_tokens" INTEGER,
  ADD COLUMN "structured_output" "structured_output_mode" NOT NULL DEFAULT 'AUTO',
  ADD COLUMN "structured_output_detected" "structured_output_mode",
  ADD COLUMN "structured_output_probed_at" TIMESTAMP(3);

-- Calls whose answer could not be used keep it; usage the server did not send is estimated.
ALTER TABLE "llm_calls"
  ADD COLUMN "raw_output" TEXT,
  ADD COLUMN "finish_reason" TEXT,
  ADD COLUMN "usage_estimated" BOOLEAN NOT NULL DEFAULT false;

-- A run that finished with failed items says so. ADD VALUE may run in a transaction (PostgreSQL
-- >= 12) as long as the value is not used in it.
ALTER TYPE "run_status" ADD VALUE 'FINISHED_WITH_FAILURES' AFTER 'SUCCEEDED';

-- DPO samples that could not be parsed are skipped, and counted.
ALTER TABLE "dpo_queries" ADD COLUMN "unusable" INTEGER NOT NULL DEFAULT 0;
