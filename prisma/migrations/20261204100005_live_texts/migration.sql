-- The text of each turn while it streams (issue 14): a viewer who opens a discussion or reconnects
-- mid-turn gets what was written so far, and a retried model call replaces its text (attempt).
-- UNLOGGED because it is rewritten on every flush of a streaming answer (deltas are hot) and is
-- worth nothing after a crash: the stored turn is the truth. Prisma cannot express UNLOGGED.
CREATE UNLOGGED TABLE "live_texts" (
    "discussion_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "live_texts_pkey" PRIMARY KEY ("discussion_id","seq")
);

-- An unlogged table may reference a logged one (not the other way round).
ALTER TABLE "live_texts" ADD CONSTRAINT "live_texts_discussion_id_fkey" FOREIGN KEY ("discussion_id") REFERENCES "discussions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
