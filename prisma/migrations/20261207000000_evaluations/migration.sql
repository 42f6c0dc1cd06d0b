-- Evaluation runs (lib/eval): a model on a suite, per language; one row per sampled answer.
-- CreateEnum
CREATE TYPE "eval_status" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FINISHED_WITH_FAILURES', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "eval_verdict" AS ENUM ('PASS', 'FAIL', 'ERROR', 'TIMEOUT', 'NO_CODE', 'NO_ANSWER');

-- CreateTable
CREATE TABLE "eval_runs" (
    "id" UUID NOT NULL,
    "project_id" UUID,
    "label" TEXT NOT NULL,
    "endpoint_profile_id" UUID,
    "base_url" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "suite" TEXT NOT NULL,
    "languages" TEXT[],
    "problem_limit" INTEGER,
    "samples" INTEGER NOT NULL DEFAULT 1,
    "temperature" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "dataset_version_id" UUID,
    "status" "eval_status" NOT NULL DEFAULT 'QUEUED',
    "error" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB,
    "created_by_id" UUID,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "eval_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "eval_results" (
    "id" UUID NOT NULL,
    "eval_run_id" UUID NOT NULL,
    "language" TEXT NOT NULL,
    "task_id" TEXT NOT NULL,
    "sample_index" INTEGER NOT NULL,
    "answer" TEXT NOT NULL,
    "code" TEXT,
    "verdict" "eval_verdict" NOT NULL,
    "output" TEXT NOT NULL DEFAULT '',
    "duration_ms" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "eval_results_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "eval_runs_project_id_created_at_idx" ON "eval_runs"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "eval_runs_endpoint_profile_id_idx" ON "eval_runs"("endpoint_profile_id");

-- CreateIndex
CREATE INDEX "eval_runs_dataset_version_id_idx" ON "eval_runs"("dataset_version_id");

-- CreateIndex
CREATE INDEX "eval_runs_created_by_id_idx" ON "eval_runs"("created_by_id");

-- CreateIndex
CREATE INDEX "eval_results_eval_run_id_language_verdict_idx" ON "eval_results"("eval_run_id", "language", "verdict");

-- CreateIndex
CREATE UNIQUE INDEX "eval_results_eval_run_id_language_task_id_sample_index_key" ON "eval_results"("eval_run_id", "language", "task_id", "sample_index");

-- AddForeignKey
ALTER TABLE "eval_runs" ADD CONSTRAINT "eval_runs_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "eval_runs" ADD CONSTRAINT "eval_runs_endpoint_profile_id_fkey" FOREIGN KEY ("endpoint_profile_id") REFERENCES "endpoint_profiles"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "eval_runs" ADD CONSTRAINT "eval_runs_dataset_version_id_fkey" FOREIGN KEY ("dataset_version_id") REFERENCES "dataset_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "eval_runs" ADD CONSTRAINT "eval_runs_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "eval_results" ADD CONSTRAINT "eval_results_eval_run_id_fkey" FOREIGN KEY ("eval_run_id") REFERENCES "eval_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
