-- Worker queues (issue 21): which groups of jobs a worker takes (`rosetta worker --queues verify`);
-- empty: every queue.

-- AlterTable
ALTER TABLE "workers" ADD COLUMN     "queues" TEXT[] DEFAULT ARRAY[]::TEXT[];
