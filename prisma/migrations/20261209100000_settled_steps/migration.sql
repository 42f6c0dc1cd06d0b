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

-- The steps of outcomes already stored are settled now.
UPDATE "work_steps" w SET "output" = 'null'::jsonb
WHERE w."output" <> 'null'::jsonb AND (
  (w."key" LIKE 'seed:%' AND EXISTS (SELECT 1 FROM "seed_samples" s WHERE 'seed:' || s."snippet_id" || ':' || s."kind" = w."key"))
  OR (w."key" LIKE 'solve:%' AND EXISTS (SELECT 1 FROM "solve_checks" c WHERE 'solve:' || c."revision_id" = w."key"))
  OR (w."key" LIKE 'dpo:%' AND EXISTS (SELECT 1 FROM "dpo_queries" q WHERE 'dpo:' || q."candidate_id" = w."key"))
);
