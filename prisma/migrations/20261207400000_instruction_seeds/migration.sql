-- Imported instruction sets as seeds: a snippet may carry an instruction (its code is the response).
ALTER TYPE "snippet_source" ADD VALUE 'INSTRUCTIONS';
ALTER TYPE "seed_kind" ADD VALUE 'IMPORTED';
ALTER TYPE "candidate_source" ADD VALUE 'IMPORTED';
ALTER TYPE "dataset_item_source" ADD VALUE 'IMPORTED';

ALTER TABLE "snippets" ADD COLUMN "instruction" TEXT;
