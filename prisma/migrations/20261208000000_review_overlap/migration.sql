-- Several annotators per item (issue 20): a decision is an annotation (one of review.overlap) or a
-- curator's adjudication of a disputed item; annotators answer the project's rubric.

-- CreateEnum
CREATE TYPE "review_kind" AS ENUM ('ANNOTATION', 'ADJUDICATION');

-- AlterEnum
ALTER TYPE "review_status" ADD VALUE 'DISPUTED';

-- AlterTable
ALTER TABLE "reviews" ADD COLUMN     "kind" "review_kind" NOT NULL DEFAULT 'ANNOTATION',
ADD COLUMN     "rubric" JSONB;

-- CreateIndex
CREATE INDEX "reviews_candidate_id_reviewer_id_idx" ON "reviews"("candidate_id", "reviewer_id");
