-- Runs can be paused (issue 7): no new items start while paused; resume continues.
-- ADD VALUE may run in a transaction (PostgreSQL >= 12) as long as the value is not used in it.
ALTER TYPE "run_status" ADD VALUE 'PAUSED' AFTER 'RUNNING';

-- Items whose job found the run paused and ended without working; resume re-enqueues exactly these.
ALTER TABLE "run_items" ADD COLUMN "held_at" TIMESTAMP(3);
