-- The quality gate (issue 17, lib/quality/README.md): contamination flags, near-duplicate clusters,
-- the independent check (SOLVE stage) and project benchmark files.
-- CreateEnum
CREATE TYPE "difficulty" AS ENUM ('EASY', 'MEDIUM', 'HARD', 'UNSOLVED');

-- AlterEnum
ALTER TYPE "run_stage" ADD VALUE 'SOLVE';

-- AlterTable
ALTER TABLE "candidates" ADD COLUMN     "cluster_id" UUID,
ADD COLUMN     "contaminated" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "contamination" JSONB,
ADD COLUMN     "coverage" DOUBLE PRECISION,
ADD COLUMN     "difficulty" "difficulty",
ADD COLUMN     "duplicate_of_id" UUID,
ADD COLUMN     "quality_checked_at" TIMESTAMP(3),
ADD COLUMN     "solve_rate" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "dataset_items" ADD COLUMN     "coverage" DOUBLE PRECISION,
ADD COLUMN     "difficulty" "difficulty",
ADD COLUMN     "quality" JSONB,
ADD COLUMN     "solve_rate" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "snippets" ADD COLUMN     "contamination" JSONB;

-- CreateTable
CREATE TABLE "benchmarks" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "file_name" TEXT,
    "problem_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "benchmarks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "benchmark_problems" (
    "id" UUID NOT NULL,
    "benchmark_id" UUID NOT NULL,
    "task_id" TEXT NOT NULL,
    "language" TEXT,
    "statement" TEXT,
    "solution" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "benchmark_problems_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "duplicate_clusters" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "size" INTEGER NOT NULL,
    "languages" TEXT[],
    "cross_lingual" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "duplicate_clusters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "solve_checks" (
    "id" UUID NOT NULL,
    "candidate_id" UUID NOT NULL,
    "revision_id" UUID NOT NULL,
    "language" TEXT NOT NULL,
    "interface" TEXT NOT NULL,
    "tests" TEXT NOT NULL,
    "samples" INTEGER NOT NULL,
    "passed" INTEGER NOT NULL,
    "solve_rate" DOUBLE PRECISION NOT NULL,
    "difficulty" "difficulty" NOT NULL,
    "kept_trial_index" INTEGER,
    "own_solution_status" "verification_status",
    "own_tests_status" "verification_status",
    "coverage" DOUBLE PRECISION,
    "covered_lines" INTEGER,
    "total_lines" INTEGER,
    "failing_output" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "solve_checks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "solve_trials" (
    "id" UUID NOT NULL,
    "check_id" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "solution" TEXT NOT NULL,
    "status" "verification_status" NOT NULL,
    "reason" TEXT,
    "output_tokens" INTEGER,
    "duration_ms" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "solve_trials_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "benchmarks_project_id_name_key" ON "benchmarks"("project_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "benchmark_problems_benchmark_id_task_id_key" ON "benchmark_problems"("benchmark_id", "task_id");

-- CreateIndex
CREATE INDEX "duplicate_clusters_project_id_idx" ON "duplicate_clusters"("project_id");

-- CreateIndex
CREATE INDEX "solve_checks_candidate_id_created_at_idx" ON "solve_checks"("candidate_id", "created_at");

-- CreateIndex
CREATE INDEX "solve_checks_revision_id_idx" ON "solve_checks"("revision_id");

-- CreateIndex
CREATE UNIQUE INDEX "solve_trials_check_id_index_key" ON "solve_trials"("check_id", "index");

-- CreateIndex
CREATE INDEX "candidates_project_id_contaminated_idx" ON "candidates"("project_id", "contaminated");

-- CreateIndex
CREATE INDEX "candidates_project_id_difficulty_idx" ON "candidates"("project_id", "difficulty");

-- CreateIndex
CREATE INDEX "candidates_cluster_id_idx" ON "candidates"("cluster_id");

-- CreateIndex
CREATE INDEX "candidates_duplicate_of_id_idx" ON "candidates"("duplicate_of_id");

-- AddForeignKey
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "duplicate_clusters"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_duplicate_of_id_fkey" FOREIGN KEY ("duplicate_of_id") REFERENCES "candidates"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benchmarks" ADD CONSTRAINT "benchmarks_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benchmark_problems" ADD CONSTRAINT "benchmark_problems_benchmark_id_fkey" FOREIGN KEY ("benchmark_id") REFERENCES "benchmarks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "duplicate_clusters" ADD CONSTRAINT "duplicate_clusters_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "solve_checks" ADD CONSTRAINT "solve_checks_candidate_id_fkey" FOREIGN KEY ("candidate_id") REFERENCES "candidates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "solve_checks" ADD CONSTRAINT "solve_checks_revision_id_fkey" FOREIGN KEY ("revision_id") REFERENCES "revisions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "solve_trials" ADD CONSTRAINT "solve_trials_check_id_fkey" FOREIGN KEY ("check_id") REFERENCES "solve_checks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

