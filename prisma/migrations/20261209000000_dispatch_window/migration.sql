-- Back-pressure (issue 21): a run's items are all planned as rows, but only a window of them is on
-- the job queue at a time (lib/synthesis/dispatch.ts); the window is sized by the live workers'
-- concurrency.

-- AlterTable
ALTER TABLE "run_items" ADD COLUMN     "dispatched_at" TIMESTAMP(3),
ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "workers" ADD COLUMN     "concurrency" INTEGER NOT NULL DEFAULT 0;

-- Items planned before this migration were all enqueued at once: they count as dispatched (a held
-- one too: resume puts it back on the queue, as before).
UPDATE "run_items" SET "dispatched_at" = "created_at" WHERE "status" IN ('QUEUED', 'RUNNING');

-- Partial (Prisma cannot say so): each top-up takes the next items of the plan in order, and counts
-- the items on the queue; without these, both would read every item of a 100 k-item stage, once per
-- item settled. Each holds only the few rows it serves: the plan's undispatched rest, and the window.
CREATE INDEX "run_items_plan_idx" ON "run_items"("run_id", "stage", "position") WHERE "status" = 'QUEUED' AND "dispatched_at" IS NULL;
CREATE INDEX "run_items_window_idx" ON "run_items"("run_id", "stage") WHERE "status" IN ('QUEUED', 'RUNNING') AND "dispatched_at" IS NOT NULL;
