-- The policy role: the model being trained (the DPO stage samples from it, paper §2.6).
-- AlterEnum
ALTER TYPE "llm_role" ADD VALUE 'POLICY';

-- Which role's endpoint sampled a DPO query's answers (null: made before this column).
-- AlterTable
ALTER TABLE "dpo_queries" ADD COLUMN "sampled_by" "llm_role";
