-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "global_role" AS ENUM ('ADMIN', 'MEMBER');

-- CreateEnum
CREATE TYPE "project_role" AS ENUM ('CURATOR', 'ANNOTATOR', 'VIEWER');

-- CreateEnum
CREATE TYPE "project_status" AS ENUM ('ACTIVE', 'PAUSED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "llm_role" AS ENUM ('INSTRUCTION_GENERATOR', 'RESPONSE_GENERATOR', 'AGENT', 'SCORER', 'TEST_WRITER');

-- CreateEnum
CREATE TYPE "snippet_source" AS ENUM ('FOLDER', 'GIT', 'JSONL', 'UPLOAD');

-- CreateEnum
CREATE TYPE "seed_kind" AS ENUM ('DS1', 'DS2');

-- CreateEnum
CREATE TYPE "seed_status" AS ENUM ('KEPT', 'DROPPED');

-- CreateEnum
CREATE TYPE "agent_scope" AS ENUM ('PER_SEED', 'PER_LANGUAGE');

-- CreateEnum
CREATE TYPE "memory_item_status" AS ENUM ('IN_MEMORY', 'EVICTED');

-- CreateEnum
CREATE TYPE "memory_event_kind" AS ENUM ('INSERTED', 'REJECTED_TOO_SIMILAR', 'EVICTED');

-- CreateEnum
CREATE TYPE "discussion_mode" AS ENUM ('CENTRALIZED', 'PARALLEL');

-- CreateEnum
CREATE TYPE "discussion_status" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "turn_kind" AS ENUM ('PROMPT', 'PROPOSAL', 'CRITIQUE', 'REVISION', 'FINAL', 'VERIFICATION', 'CORRECTION', 'ERROR');

-- CreateEnum
CREATE TYPE "review_status" AS ENUM ('PENDING', 'ACCEPTED', 'REJECTED');

-- CreateEnum
CREATE TYPE "verification_status" AS ENUM ('PENDING', 'RUNNING', 'PASS', 'FAIL', 'ERROR', 'TIMEOUT');

-- CreateEnum
CREATE TYPE "revision_author" AS ENUM ('AGENT', 'HUMAN');

-- CreateEnum
CREATE TYPE "review_decision" AS ENUM ('ACCEPT', 'REJECT');

-- CreateEnum
CREATE TYPE "dpo_outcome" AS ENUM ('PAIRED', 'ALL_PASS', 'ALL_FAIL');

-- CreateEnum
CREATE TYPE "dpo_pair_source" AS ENUM ('VERIFIER', 'HUMAN_EDIT');

-- CreateEnum
CREATE TYPE "dataset_version_status" AS ENUM ('CUTTING', 'READY', 'FAILED');

-- CreateEnum
CREATE TYPE "dataset_item_source" AS ENUM ('DS1', 'DS2', 'DS3', 'HUMAN_EDIT');

-- CreateEnum
CREATE TYPE "export_format" AS ENUM ('SFT_MESSAGES', 'SHAREGPT', 'ALPACA', 'DPO');

-- CreateEnum
CREATE TYPE "export_file_type" AS ENUM ('JSONL', 'PARQUET');

-- CreateEnum
CREATE TYPE "export_status" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT NOT NULL,
    "global_role" "global_role" NOT NULL DEFAULT 'MEMBER',
    "failed_login_count" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMP(3),
    "disabled_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT,
    "user_agent" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "role" "project_role" NOT NULL,
    "project_id" UUID,
    "last_used_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_members" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "project_role" NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "project_members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "projects" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "status" "project_status" NOT NULL DEFAULT 'ACTIVE',
    "languages" TEXT[],
    "settings" JSONB NOT NULL,
    "snippet_count" INTEGER NOT NULL DEFAULT 0,
    "snippet_count_refreshed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "endpoint_profiles" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "base_url" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "api_key_ciphertext" TEXT,
    "max_concurrency" INTEGER NOT NULL DEFAULT 4,
    "requests_per_minute" INTEGER,
    "tokens_per_minute" INTEGER,
    "temperature" DOUBLE PRECISION,
    "top_p" DOUBLE PRECISION,
    "max_tokens" INTEGER,
    "input_price_per_million" DECIMAL(12,6),
    "output_price_per_million" DECIMAL(12,6),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "endpoint_profiles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_role_bindings" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "role" "llm_role" NOT NULL,
    "endpoint_profile_id" UUID NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "project_role_bindings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "snippets" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "token_count" INTEGER NOT NULL,
    "source" "snippet_source" NOT NULL DEFAULT 'JSONL',
    "path" TEXT,
    "repo" TEXT,
    "license" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "snippets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "seed_samples" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "snippet_id" UUID NOT NULL,
    "kind" "seed_kind" NOT NULL,
    "status" "seed_status" NOT NULL,
    "language" TEXT NOT NULL,
    "instruction" TEXT NOT NULL,
    "solution" TEXT NOT NULL,
    "scores" JSONB NOT NULL,
    "total_score" DOUBLE PRECISION NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "seed_samples_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agents" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "scope" "agent_scope" NOT NULL,
    "language" TEXT NOT NULL,
    "profile" TEXT NOT NULL,
    "evolution_operations" TEXT[],
    "memory_capacity" INTEGER NOT NULL,
    "similarity_threshold" DOUBLE PRECISION NOT NULL,
    "seed_sample_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memory_items" (
    "id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "candidate_id" UUID,
    "language" TEXT NOT NULL,
    "instruction" TEXT NOT NULL,
    "solution" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "reflection" JSONB NOT NULL,
    "signature" INTEGER[],
    "status" "memory_item_status" NOT NULL DEFAULT 'IN_MEMORY',
    "inserted_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "evicted_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "memory_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memory_events" (
    "id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" "memory_event_kind" NOT NULL,
    "memory_item_id" UUID,
    "similarity" DOUBLE PRECISION,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memory_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "discussions" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "mode" "discussion_mode" NOT NULL,
    "debate" BOOLEAN NOT NULL DEFAULT false,
    "max_rounds" INTEGER NOT NULL DEFAULT 1,
    "round" INTEGER NOT NULL DEFAULT 0,
    "main_agent_id" UUID,
    "target_language" TEXT NOT NULL,
    "status" "discussion_status" NOT NULL DEFAULT 'QUEUED',
    "error" TEXT,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "discussions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "discussion_participants" (
    "id" UUID NOT NULL,
    "discussion_id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "discussion_participants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "turns" (
    "id" UUID NOT NULL,
    "discussion_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 0,
    "kind" "turn_kind" NOT NULL,
    "agent_id" UUID,
    "language" TEXT,
    "content" TEXT NOT NULL,
    "payload" JSONB,
    "llm_call_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "turns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "candidates" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "discussion_id" UUID,
    "author_agent_id" UUID,
    "language" TEXT NOT NULL,
    "source_language" TEXT,
    "total_score" DOUBLE PRECISION,
    "scores" JSONB,
    "review_status" "review_status" NOT NULL DEFAULT 'PENDING',
    "verification_status" "verification_status" NOT NULL DEFAULT 'PENDING',
    "current_revision_id" UUID,
    "claimed_by_id" UUID,
    "claim_expires_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "candidates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "candidate_seeds" (
    "id" UUID NOT NULL,
    "candidate_id" UUID NOT NULL,
    "seed_sample_id" UUID NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "candidate_seeds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "revisions" (
    "id" UUID NOT NULL,
    "candidate_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "author_kind" "revision_author" NOT NULL,
    "author_user_id" UUID,
    "parent_id" UUID,
    "instruction" TEXT NOT NULL,
    "solution" TEXT NOT NULL,
    "tests" TEXT NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "revisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verification_runs" (
    "id" UUID NOT NULL,
    "candidate_id" UUID NOT NULL,
    "revision_id" UUID NOT NULL,
    "language" TEXT NOT NULL,
    "status" "verification_status" NOT NULL DEFAULT 'PENDING',
    "round" INTEGER NOT NULL DEFAULT 0,
    "exit_code" INTEGER,
    "stdout_excerpt" TEXT,
    "stderr_excerpt" TEXT,
    "reason" TEXT,
    "duration_ms" INTEGER,
    "toolchain_version" TEXT,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "verification_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reviews" (
    "id" UUID NOT NULL,
    "candidate_id" UUID NOT NULL,
    "revision_id" UUID NOT NULL,
    "reviewer_id" UUID NOT NULL,
    "decision" "review_decision" NOT NULL,
    "comment" TEXT,
    "accepted_despite_failures" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reviews_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dpo_queries" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "candidate_id" UUID,
    "language" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "tests" TEXT NOT NULL,
    "samples" INTEGER NOT NULL,
    "temperature" DOUBLE PRECISION NOT NULL,
    "passed" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "outcome" "dpo_outcome" NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "dpo_queries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dpo_pairs" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "source" "dpo_pair_source" NOT NULL,
    "dpo_query_id" UUID,
    "candidate_id" UUID,
    "chosen_revision_id" UUID,
    "language" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "chosen" TEXT NOT NULL,
    "rejected" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "dpo_pairs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dataset_versions" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "tag" TEXT NOT NULL,
    "notes" TEXT,
    "status" "dataset_version_status" NOT NULL DEFAULT 'CUTTING',
    "created_by_id" UUID,
    "filters" JSONB NOT NULL,
    "provenance" JSONB NOT NULL,
    "item_count" INTEGER NOT NULL DEFAULT 0,
    "content_hash" TEXT,
    "cut_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "dataset_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dataset_items" (
    "id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "revision_id" UUID,
    "source" "dataset_item_source" NOT NULL,
    "language" TEXT NOT NULL,
    "instruction" TEXT NOT NULL,
    "solution" TEXT NOT NULL,
    "tests" TEXT,
    "score" DOUBLE PRECISION,
    "verified" BOOLEAN NOT NULL,
    "content_hash" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dataset_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exports" (
    "id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "format" "export_format" NOT NULL,
    "file_type" "export_file_type" NOT NULL,
    "test_fraction" DOUBLE PRECISION,
    "status" "export_status" NOT NULL DEFAULT 'QUEUED',
    "path" TEXT,
    "size_bytes" BIGINT,
    "sha256" TEXT,
    "error" TEXT,
    "created_by_id" UUID,
    "finished_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "exports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" UUID NOT NULL,
    "actor_id" UUID,
    "api_token_id" UUID,
    "actor_label" TEXT NOT NULL,
    "project_id" UUID,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "ip" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "llm_calls" (
    "id" UUID NOT NULL,
    "project_id" UUID,
    "endpoint_profile_id" UUID,
    "role" "llm_role" NOT NULL,
    "model" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "language" TEXT,
    "prompt_tokens" INTEGER NOT NULL DEFAULT 0,
    "completion_tokens" INTEGER NOT NULL DEFAULT 0,
    "latency_ms" INTEGER NOT NULL,
    "time_to_first_token_ms" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "error_code" TEXT,
    "error_message" TEXT,
    "cost_usd" DECIMAL(14,8),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "llm_calls_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workers" (
    "id" UUID NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL,
    "stopped_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "workers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions"("token_hash");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE INDEX "sessions_expires_at_idx" ON "sessions"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");

-- CreateIndex
CREATE INDEX "api_tokens_project_id_idx" ON "api_tokens"("project_id");

-- CreateIndex
CREATE INDEX "project_members_user_id_idx" ON "project_members"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "project_members_project_id_user_id_key" ON "project_members"("project_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "projects_slug_key" ON "projects"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "endpoint_profiles_name_key" ON "endpoint_profiles"("name");

-- CreateIndex
CREATE INDEX "project_role_bindings_endpoint_profile_id_idx" ON "project_role_bindings"("endpoint_profile_id");

-- CreateIndex
CREATE UNIQUE INDEX "project_role_bindings_project_id_role_key" ON "project_role_bindings"("project_id", "role");

-- CreateIndex
CREATE INDEX "snippets_project_id_language_created_at_idx" ON "snippets"("project_id", "language", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "snippets_project_id_content_hash_key" ON "snippets"("project_id", "content_hash");

-- CreateIndex
CREATE INDEX "seed_samples_project_id_status_language_idx" ON "seed_samples"("project_id", "status", "language");

-- CreateIndex
CREATE UNIQUE INDEX "seed_samples_snippet_id_kind_key" ON "seed_samples"("snippet_id", "kind");

-- CreateIndex
CREATE INDEX "agents_project_id_language_idx" ON "agents"("project_id", "language");

-- CreateIndex
CREATE INDEX "agents_seed_sample_id_idx" ON "agents"("seed_sample_id");

-- CreateIndex
CREATE INDEX "memory_items_agent_id_status_score_idx" ON "memory_items"("agent_id", "status", "score");

-- CreateIndex
CREATE INDEX "memory_items_candidate_id_idx" ON "memory_items"("candidate_id");

-- CreateIndex
CREATE INDEX "memory_events_memory_item_id_idx" ON "memory_events"("memory_item_id");

-- CreateIndex
CREATE UNIQUE INDEX "memory_events_agent_id_seq_key" ON "memory_events"("agent_id", "seq");

-- CreateIndex
CREATE INDEX "discussions_project_id_status_created_at_idx" ON "discussions"("project_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "discussions_main_agent_id_idx" ON "discussions"("main_agent_id");

-- CreateIndex
CREATE INDEX "discussion_participants_agent_id_idx" ON "discussion_participants"("agent_id");

-- CreateIndex
CREATE UNIQUE INDEX "discussion_participants_discussion_id_agent_id_key" ON "discussion_participants"("discussion_id", "agent_id");

-- CreateIndex
CREATE INDEX "turns_agent_id_idx" ON "turns"("agent_id");

-- CreateIndex
CREATE INDEX "turns_llm_call_id_idx" ON "turns"("llm_call_id");

-- CreateIndex
CREATE UNIQUE INDEX "turns_discussion_id_seq_key" ON "turns"("discussion_id", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "candidates_current_revision_id_key" ON "candidates"("current_revision_id");

-- CreateIndex
CREATE INDEX "candidates_project_id_review_status_created_at_idx" ON "candidates"("project_id", "review_status", "created_at");

-- CreateIndex
CREATE INDEX "candidates_project_id_language_review_status_idx" ON "candidates"("project_id", "language", "review_status");

-- CreateIndex
CREATE INDEX "candidates_project_id_verification_status_idx" ON "candidates"("project_id", "verification_status");

-- CreateIndex
CREATE INDEX "candidates_discussion_id_idx" ON "candidates"("discussion_id");

-- CreateIndex
CREATE INDEX "candidates_author_agent_id_idx" ON "candidates"("author_agent_id");

-- CreateIndex
CREATE INDEX "candidates_claimed_by_id_idx" ON "candidates"("claimed_by_id");

-- CreateIndex
CREATE INDEX "candidate_seeds_seed_sample_id_idx" ON "candidate_seeds"("seed_sample_id");

-- CreateIndex
CREATE UNIQUE INDEX "candidate_seeds_candidate_id_seed_sample_id_key" ON "candidate_seeds"("candidate_id", "seed_sample_id");

-- CreateIndex
CREATE INDEX "revisions_author_user_id_idx" ON "revisions"("author_user_id");

-- CreateIndex
CREATE INDEX "revisions_parent_id_idx" ON "revisions"("parent_id");

-- CreateIndex
CREATE UNIQUE INDEX "revisions_candidate_id_number_key" ON "revisions"("candidate_id", "number");

-- CreateIndex
CREATE INDEX "verification_runs_candidate_id_created_at_idx" ON "verification_runs"("candidate_id", "created_at");

-- CreateIndex
CREATE INDEX "verification_runs_revision_id_idx" ON "verification_runs"("revision_id");

-- CreateIndex
CREATE INDEX "verification_runs_status_language_idx" ON "verification_runs"("status", "language");

-- CreateIndex
CREATE INDEX "reviews_candidate_id_created_at_idx" ON "reviews"("candidate_id", "created_at");

-- CreateIndex
CREATE INDEX "reviews_revision_id_idx" ON "reviews"("revision_id");

-- CreateIndex
CREATE INDEX "reviews_reviewer_id_created_at_idx" ON "reviews"("reviewer_id", "created_at");

-- CreateIndex
CREATE INDEX "dpo_queries_project_id_outcome_idx" ON "dpo_queries"("project_id", "outcome");

-- CreateIndex
CREATE INDEX "dpo_queries_candidate_id_idx" ON "dpo_queries"("candidate_id");

-- CreateIndex
CREATE INDEX "dpo_pairs_project_id_source_language_idx" ON "dpo_pairs"("project_id", "source", "language");

-- CreateIndex
CREATE INDEX "dpo_pairs_dpo_query_id_idx" ON "dpo_pairs"("dpo_query_id");

-- CreateIndex
CREATE INDEX "dpo_pairs_candidate_id_idx" ON "dpo_pairs"("candidate_id");

-- CreateIndex
CREATE INDEX "dpo_pairs_chosen_revision_id_idx" ON "dpo_pairs"("chosen_revision_id");

-- CreateIndex
CREATE INDEX "dataset_versions_created_by_id_idx" ON "dataset_versions"("created_by_id");

-- CreateIndex
CREATE UNIQUE INDEX "dataset_versions_project_id_tag_key" ON "dataset_versions"("project_id", "tag");

-- CreateIndex
CREATE INDEX "dataset_items_version_id_language_idx" ON "dataset_items"("version_id", "language");

-- CreateIndex
CREATE INDEX "dataset_items_revision_id_idx" ON "dataset_items"("revision_id");

-- CreateIndex
CREATE UNIQUE INDEX "dataset_items_version_id_position_key" ON "dataset_items"("version_id", "position");

-- CreateIndex
CREATE INDEX "exports_version_id_created_at_idx" ON "exports"("version_id", "created_at");

-- CreateIndex
CREATE INDEX "exports_created_by_id_idx" ON "exports"("created_by_id");

-- CreateIndex
CREATE INDEX "audit_events_created_at_idx" ON "audit_events"("created_at");

-- CreateIndex
CREATE INDEX "audit_events_actor_id_created_at_idx" ON "audit_events"("actor_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_api_token_id_idx" ON "audit_events"("api_token_id");

-- CreateIndex
CREATE INDEX "audit_events_project_id_created_at_idx" ON "audit_events"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_target_type_target_id_idx" ON "audit_events"("target_type", "target_id");

-- CreateIndex
CREATE INDEX "llm_calls_project_id_created_at_idx" ON "llm_calls"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "llm_calls_project_id_stage_language_idx" ON "llm_calls"("project_id", "stage", "language");

-- CreateIndex
CREATE INDEX "llm_calls_endpoint_profile_id_created_at_idx" ON "llm_calls"("endpoint_profile_id", "created_at");

-- CreateIndex
CREATE INDEX "workers_last_seen_at_idx" ON "workers"("last_seen_at");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_role_bindings" ADD CONSTRAINT "project_role_bindings_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_role_bindings" ADD CONSTRAINT "project_role_bindings_endpoint_profile_id_fkey" FOREIGN KEY ("endpoint_profile_id") REFERENCES "endpoint_profiles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "snippets" ADD CONSTRAINT "snippets_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seed_samples" ADD CONSTRAINT "seed_samples_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seed_samples" ADD CONSTRAINT "seed_samples_snippet_id_fkey" FOREIGN KEY ("snippet_id") REFERENCES "snippets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agents" ADD CONSTRAINT "agents_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agents" ADD CONSTRAINT "agents_seed_sample_id_fkey" FOREIGN KEY ("seed_sample_id") REFERENCES "seed_samples"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memory_items" ADD CONSTRAINT "memory_items_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memory_items" ADD CONSTRAINT "memory_items_candidate_id_fkey" FOREIGN KEY ("candidate_id") REFERENCES "candidates"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memory_events" ADD CONSTRAINT "memory_events_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memory_events" ADD CONSTRAINT "memory_events_memory_item_id_fkey" FOREIGN KEY ("memory_item_id") REFERENCES "memory_items"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "discussions" ADD CONSTRAINT "discussions_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "discussions" ADD CONSTRAINT "discussions_main_agent_id_fkey" FOREIGN KEY ("main_agent_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "discussion_participants" ADD CONSTRAINT "discussion_participants_discussion_id_fkey" FOREIGN KEY ("discussion_id") REFERENCES "discussions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "discussion_participants" ADD CONSTRAINT "discussion_participants_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "turns" ADD CONSTRAINT "turns_discussion_id_fkey" FOREIGN KEY ("discussion_id") REFERENCES "discussions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "turns" ADD CONSTRAINT "turns_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "turns" ADD CONSTRAINT "turns_llm_call_id_fkey" FOREIGN KEY ("llm_call_id") REFERENCES "llm_calls"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_discussion_id_fkey" FOREIGN KEY ("discussion_id") REFERENCES "discussions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_author_agent_id_fkey" FOREIGN KEY ("author_agent_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_current_revision_id_fkey" FOREIGN KEY ("current_revision_id") REFERENCES "revisions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_claimed_by_id_fkey" FOREIGN KEY ("claimed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidate_seeds" ADD CONSTRAINT "candidate_seeds_candidate_id_fkey" FOREIGN KEY ("candidate_id") REFERENCES "candidates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "candidate_seeds" ADD CONSTRAINT "candidate_seeds_seed_sample_id_fkey" FOREIGN KEY ("seed_sample_id") REFERENCES "seed_samples"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "revisions" ADD CONSTRAINT "revisions_candidate_id_fkey" FOREIGN KEY ("candidate_id") REFERENCES "candidates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "revisions" ADD CONSTRAINT "revisions_author_user_id_fkey" FOREIGN KEY ("author_user_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "revisions" ADD CONSTRAINT "revisions_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "revisions"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verification_runs" ADD CONSTRAINT "verification_runs_candidate_id_fkey" FOREIGN KEY ("candidate_id") REFERENCES "candidates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verification_runs" ADD CONSTRAINT "verification_runs_revision_id_fkey" FOREIGN KEY ("revision_id") REFERENCES "revisions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_candidate_id_fkey" FOREIGN KEY ("candidate_id") REFERENCES "candidates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_revision_id_fkey" FOREIGN KEY ("revision_id") REFERENCES "revisions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_reviewer_id_fkey" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dpo_queries" ADD CONSTRAINT "dpo_queries_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dpo_queries" ADD CONSTRAINT "dpo_queries_candidate_id_fkey" FOREIGN KEY ("candidate_id") REFERENCES "candidates"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dpo_pairs" ADD CONSTRAINT "dpo_pairs_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dpo_pairs" ADD CONSTRAINT "dpo_pairs_dpo_query_id_fkey" FOREIGN KEY ("dpo_query_id") REFERENCES "dpo_queries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dpo_pairs" ADD CONSTRAINT "dpo_pairs_candidate_id_fkey" FOREIGN KEY ("candidate_id") REFERENCES "candidates"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dpo_pairs" ADD CONSTRAINT "dpo_pairs_chosen_revision_id_fkey" FOREIGN KEY ("chosen_revision_id") REFERENCES "revisions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dataset_versions" ADD CONSTRAINT "dataset_versions_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dataset_versions" ADD CONSTRAINT "dataset_versions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dataset_items" ADD CONSTRAINT "dataset_items_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "dataset_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dataset_items" ADD CONSTRAINT "dataset_items_revision_id_fkey" FOREIGN KEY ("revision_id") REFERENCES "revisions"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exports" ADD CONSTRAINT "exports_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "dataset_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exports" ADD CONSTRAINT "exports_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_api_token_id_fkey" FOREIGN KEY ("api_token_id") REFERENCES "api_tokens"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "llm_calls" ADD CONSTRAINT "llm_calls_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "llm_calls" ADD CONSTRAINT "llm_calls_endpoint_profile_id_fkey" FOREIGN KEY ("endpoint_profile_id") REFERENCES "endpoint_profiles"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- ───────────────────────── written by hand: what Prisma cannot express ─────────────────────────

-- The review queue lists pending candidates of a project, newest first, far more than any other
-- view; a partial index keeps that list fast without indexing the decided majority.
CREATE INDEX "candidates_pending_queue_idx" ON "candidates" ("project_id", "created_at" DESC) WHERE "review_status" = 'PENDING';

-- Nothing a person or an agent produced is ever overwritten (DESIGN §3): revisions, discussion
-- turns, memory events, reviews and audit events are append-only. The database refuses updates, so
-- no code path (nor a hand-written query) can rewrite history. Deletes stay possible: they only
-- happen by cascade when a whole project goes.
CREATE FUNCTION "rosetta_refuse_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are immutable: write a new row instead', TG_TABLE_NAME;
END $$;

CREATE TRIGGER "revisions_immutable" BEFORE UPDATE ON "revisions" FOR EACH ROW EXECUTE FUNCTION "rosetta_refuse_update"();
CREATE TRIGGER "turns_immutable" BEFORE UPDATE ON "turns" FOR EACH ROW EXECUTE FUNCTION "rosetta_refuse_update"();
CREATE TRIGGER "memory_events_immutable" BEFORE UPDATE ON "memory_events" FOR EACH ROW EXECUTE FUNCTION "rosetta_refuse_update"();
CREATE TRIGGER "reviews_immutable" BEFORE UPDATE ON "reviews" FOR EACH ROW EXECUTE FUNCTION "rosetta_refuse_update"();
CREATE TRIGGER "audit_events_immutable" BEFORE UPDATE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION "rosetta_refuse_update"();

-- A dataset version never changes once it is cut (status READY): neither the version row nor its
-- items, so a re-export of an old version is byte-identical to the first.
CREATE FUNCTION "rosetta_refuse_ready_version_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" = 'READY' THEN
    RAISE EXCEPTION 'dataset version % is cut and immutable', OLD."tag";
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION "rosetta_refuse_ready_version_items_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_version uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD."version_id" ELSE NEW."version_id" END;
BEGIN
  IF EXISTS (SELECT 1 FROM "dataset_versions" WHERE "id" = changed_version AND "status" = 'READY') THEN
    RAISE EXCEPTION 'dataset version % is cut and immutable: its items cannot change', changed_version;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER "dataset_versions_immutable_when_ready" BEFORE UPDATE ON "dataset_versions" FOR EACH ROW EXECUTE FUNCTION "rosetta_refuse_ready_version_update"();
CREATE TRIGGER "dataset_items_immutable_when_ready" BEFORE INSERT OR UPDATE OR DELETE ON "dataset_items" FOR EACH ROW EXECUTE FUNCTION "rosetta_refuse_ready_version_items_change"();
