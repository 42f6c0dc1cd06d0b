-- Seed pairs become reviewable items (issue 16): a kept seed pair is a candidate with source DS1 or
-- DS2, in the same queue as the agents' DS3 items, and a version takes accepted items by default.
CREATE TYPE "candidate_source" AS ENUM ('DS1', 'DS2', 'DS3');

ALTER TABLE "candidates" ADD COLUMN "source" "candidate_source" NOT NULL DEFAULT 'DS3',
ADD COLUMN "seed_sample_id" UUID;

CREATE UNIQUE INDEX "candidates_seed_sample_id_key" ON "candidates"("seed_sample_id");
CREATE INDEX "candidates_project_id_source_review_status_idx" ON "candidates"("project_id", "source", "review_status");

ALTER TABLE "candidates" ADD CONSTRAINT "candidates_seed_sample_id_fkey" FOREIGN KEY ("seed_sample_id") REFERENCES "seed_samples"("id") ON DELETE CASCADE ON UPDATE CASCADE;
