-- Decisions are taken back only by an explicit reopening (issue 14): the decision row stays as it
-- was, the reopening says who took it back, when and why.
CREATE TABLE "review_reopenings" (
    "id" UUID NOT NULL,
    "candidate_id" UUID NOT NULL,
    "review_id" UUID NOT NULL,
    "reopened_by_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_reopenings_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "review_reopenings_review_id_key" ON "review_reopenings"("review_id");
CREATE INDEX "review_reopenings_candidate_id_created_at_idx" ON "review_reopenings"("candidate_id", "created_at");
CREATE INDEX "review_reopenings_reopened_by_id_created_at_idx" ON "review_reopenings"("reopened_by_id", "created_at");

ALTER TABLE "review_reopenings" ADD CONSTRAINT "review_reopenings_candidate_id_fkey" FOREIGN KEY ("candidate_id") REFERENCES "candidates"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "review_reopenings" ADD CONSTRAINT "review_reopenings_review_id_fkey" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "review_reopenings" ADD CONSTRAINT "review_reopenings_reopened_by_id_fkey" FOREIGN KEY ("reopened_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
