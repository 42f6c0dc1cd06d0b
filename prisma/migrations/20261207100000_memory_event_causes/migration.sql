-- Memory over time: which discussion (and plan round) caused each memory event, and for an
-- eviction the item that replaced it. No foreign keys, like seed_sample_id and candidate_id: the log outlives them.
ALTER TABLE "memory_events" ADD COLUMN "discussion_id" UUID,
ADD COLUMN "round" INTEGER,
ADD COLUMN "replaced_by_id" UUID;

-- CreateIndex
CREATE INDEX "memory_events_discussion_id_idx" ON "memory_events"("discussion_id");
