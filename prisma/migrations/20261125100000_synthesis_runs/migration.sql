-- CreateEnum
CREATE TYPE "run_stage" AS ENUM ('SEED', 'AGENTS', 'DISCUSS');

-- CreateEnum
CREATE TYPE "run_status" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "run_item_status" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- AlterEnum
ALTER TYPE "turn_kind" ADD VALUE 'SCORE';

-- AlterTable
ALTER TABLE "discussions" ADD COLUMN     "plan_round" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "run_id" UUID;

-- AlterTable
ALTER TABLE "llm_calls" ADD COLUMN     "run_id" UUID;

-- AlterTable
ALTER TABLE "workers" ADD COLUMN     "queue_worker_id" TEXT;

-- AlterTable
ALTER TABLE "memory_events" ADD COLUMN     "candidate_id" UUID,
ADD COLUMN     "seed_sample_id" UUID;

-- CreateIndex
CREATE INDEX "memory_events_agent_id_seed_sample_id_idx" ON "memory_events"("agent_id", "seed_sample_id");

-- CreateTable
CREATE TABLE "synthesis_runs" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "stages" "run_stage"[],
    "stage" "run_stage",
    "status" "run_status" NOT NULL DEFAULT 'RUNNING',
    "item_limit" INTEGER,
    "round" INTEGER NOT NULL DEFAULT 0,
    "settings" JSONB NOT NULL,
    "error" TEXT,
    "finished_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "synthesis_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_items" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "stage" "run_stage" NOT NULL,
    "item_key" TEXT NOT NULL,
    "language" TEXT,
    "status" "run_item_status" NOT NULL DEFAULT 'QUEUED',
    "reason" TEXT,
    "raw_output" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "run_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "work_steps" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "output" JSONB NOT NULL,
    "llm_call_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "work_steps_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "synthesis_runs_project_id_created_at_idx" ON "synthesis_runs"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "run_items_run_id_stage_status_idx" ON "run_items"("run_id", "stage", "status");

-- CreateIndex
CREATE UNIQUE INDEX "run_items_run_id_stage_item_key_key" ON "run_items"("run_id", "stage", "item_key");

-- CreateIndex
CREATE UNIQUE INDEX "work_steps_key_step_key" ON "work_steps"("key", "step");

-- CreateIndex
CREATE INDEX "discussions_run_id_plan_round_idx" ON "discussions"("run_id", "plan_round");

-- CreateIndex
CREATE INDEX "llm_calls_run_id_stage_language_idx" ON "llm_calls"("run_id", "stage", "language");

-- AddForeignKey
ALTER TABLE "discussions" ADD CONSTRAINT "discussions_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "synthesis_runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "llm_calls" ADD CONSTRAINT "llm_calls_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "synthesis_runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "synthesis_runs" ADD CONSTRAINT "synthesis_runs_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_items" ADD CONSTRAINT "run_items_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "synthesis_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ── Hand-written (Prisma cannot express these) ──

-- One agent per seed sample in PER_SEED scope and one per language in PER_LANGUAGE scope, so that
-- creating agents twice (a retried job, two workers) creates them once. Partial: the other scope's
-- rows do not take part.
CREATE UNIQUE INDEX "agents_per_seed_key" ON "agents"("project_id", "seed_sample_id") WHERE "scope" = 'PER_SEED';
CREATE UNIQUE INDEX "agents_per_language_key" ON "agents"("project_id", "language") WHERE "scope" = 'PER_LANGUAGE';

-- A completed step is history: reusing it is the point, changing it is never right.
CREATE TRIGGER "work_steps_immutable" BEFORE UPDATE ON "work_steps" FOR EACH ROW EXECUTE FUNCTION "rosetta_refuse_update"();
