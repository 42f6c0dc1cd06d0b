-- Comments on a review item (issue 16): threaded by parent_id, never edited.
CREATE TABLE "item_comments" (
    "id" UUID NOT NULL,
    "candidate_id" UUID NOT NULL,
    "parent_id" UUID,
    "author_id" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "item_comments_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "item_comments_candidate_id_created_at_idx" ON "item_comments"("candidate_id", "created_at");
CREATE INDEX "item_comments_parent_id_idx" ON "item_comments"("parent_id");
CREATE INDEX "item_comments_author_id_idx" ON "item_comments"("author_id");

ALTER TABLE "item_comments" ADD CONSTRAINT "item_comments_candidate_id_fkey" FOREIGN KEY ("candidate_id") REFERENCES "candidates"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "item_comments" ADD CONSTRAINT "item_comments_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "item_comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "item_comments" ADD CONSTRAINT "item_comments_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The queue's search (`q`): each word is a case-insensitive substring of the current revision's
-- instruction, solution or tests, so identifiers (parse_int, parseInt) match as typed, which a
-- word tokenizer would split. Trigram GIN indexes let ILIKE '%word%' use an index instead of
-- reading every revision; Prisma cannot declare operator classes, hence here only.
-- pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "revisions_instruction_trgm_idx" ON "revisions" USING gin ("instruction" gin_trgm_ops);
CREATE INDEX "revisions_solution_trgm_idx" ON "revisions" USING gin ("solution" gin_trgm_ops);
CREATE INDEX "revisions_tests_trgm_idx" ON "revisions" USING gin ("tests" gin_trgm_ops);
