-- Settled steps (lib/synthesis/steps.ts settleSteps): once an item's outcome is stored (a seed sample,
-- a solve check, a DPO query) its job never asks its steps again, so their answers go (JSON null)
-- while the rows stay, tying each paid call to its step. At paper scale the DPO samples' answers
-- (128 a query) were most of the database. Work steps stay immutable otherwise.
CREATE FUNCTION "rosetta_refuse_work_step_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.output = 'null'::jsonb
     AND (NEW.id, NEW.key, NEW.step, NEW.llm_call_id, NEW.created_at)
         IS NOT DISTINCT FROM (OLD.id, OLD.key, OLD.step, OLD.llm_call_id, OLD.created_at) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% rows are immutable once written (only a settled answer goes): write a new row instead', TG_TABLE_NAME;
END $$;

DROP TRIGGER "work_steps_immutable" ON "work_steps";
CREATE TRIGGER "work_steps_immutable" BEFORE UPDATE ON "work_steps" FOR EACH ROW EXECUTE FUNCTION "rosetta_refuse_work_step_update"();

-- Prompts stored once (lib/synthesis/turn-log.ts): a PROMPT turn held its messages three times (the
-- rendered content, payload.messages and, for a proposal, payload.blocks). Now the messages are a
-- row of prompts, keyed by the SHA-256 of their jsonb text, that the turn references; its content is
-- empty and readers render it from them.
CREATE TABLE "prompts" (
    "id" UUID NOT NULL,
    "hash" TEXT NOT NULL,
    "messages" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prompts_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "prompts_hash_key" ON "prompts"("hash");

ALTER TABLE "turns" ADD COLUMN "prompt_id" UUID;

CREATE INDEX "turns_prompt_id_idx" ON "turns"("prompt_id");

ALTER TABLE "turns" ADD CONSTRAINT "turns_prompt_id_fkey" FOREIGN KEY ("prompt_id") REFERENCES "prompts"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

CREATE TRIGGER "prompts_immutable" BEFORE UPDATE ON "prompts" FOR EACH ROW EXECUTE FUNCTION "rosetta_refuse_update"();

-- Moves of existing rows (lib/synthesis/storage-moves.int.test.ts runs what follows again: each statement is
-- separate and does nothing the second time).

-- The steps of outcomes already stored are settled now.
UPDATE "work_steps" w SET "output" = 'null'::jsonb
WHERE w."output" <> 'null'::jsonb AND (
  (w."key" LIKE 'seed:%' AND EXISTS (SELECT 1 FROM "seed_samples" s WHERE 'seed:' || s."snippet_id" || ':' || s."kind" = w."key"))
  OR (w."key" LIKE 'solve:%' AND EXISTS (SELECT 1 FROM "solve_checks" c WHERE 'solve:' || c."revision_id" = w."key"))
  OR (w."key" LIKE 'dpo:%' AND EXISTS (SELECT 1 FROM "dpo_queries" q WHERE 'dpo:' || q."candidate_id" = w."key"))
);

-- Existing PROMPT turns move their messages there (uuid v7 ids made in SQL, as uuidv7() needs
-- PostgreSQL 18). The turns' immutability is lifted for this one move only.
INSERT INTO "prompts" ("id", "hash", "messages")
SELECT DISTINCT ON ("hash")
       encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid,
       "hash", "messages"
FROM (
  SELECT encode(sha256(convert_to(("payload" -> 'messages')::text, 'UTF8')), 'hex') AS "hash", "payload" -> 'messages' AS "messages"
  FROM "turns" WHERE "kind" = 'PROMPT' AND "payload" ? 'messages'
) m
ON CONFLICT ("hash") DO NOTHING;

ALTER TABLE "turns" DISABLE TRIGGER "turns_immutable";
UPDATE "turns" t SET "prompt_id" = p."id", "content" = '', "payload" = t."payload" - 'messages' - 'blocks'
FROM "prompts" p
WHERE t."kind" = 'PROMPT' AND t."payload" ? 'messages'
  AND p."hash" = encode(sha256(convert_to((t."payload" -> 'messages')::text, 'UTF8')), 'hex');
ALTER TABLE "turns" ENABLE TRIGGER "turns_immutable";
