-- One evolution operation per discussion, recorded on its candidate, and the elimination step.
-- ADD VALUE may run in a transaction (PostgreSQL >= 12) as long as the value is not used in it.
ALTER TYPE "turn_kind" ADD VALUE 'JUDGEMENT';
ALTER TYPE "turn_kind" ADD VALUE 'ELIMINATED';

ALTER TABLE "candidates" ADD COLUMN "evolution_operation" TEXT;
