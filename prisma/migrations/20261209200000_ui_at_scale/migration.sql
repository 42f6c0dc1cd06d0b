-- The dashboard's candidate counts without reading the candidates (issue 21: the dashboard under
-- 100 ms at 1 M candidates, where grouping them took hundreds of milliseconds a poll). Statement
-- triggers append one row per key a statement changed (+n inserted, -n deleted, both for an update
-- that moved an item from one key to another); rows are only ever appended, so concurrent writers
-- never wait on a shared counter row. The read sums a project's rows and folds them back to one
-- per key when they pile up (lib/projects/candidate-counts.ts).

-- CreateTable
CREATE TABLE "candidate_counts" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "language" TEXT NOT NULL,
    "source" "candidate_source" NOT NULL,
    "verification_status" "verification_status" NOT NULL,
    "review_status" "review_status" NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "candidate_counts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "candidate_counts_project_id_idx" ON "candidate_counts"("project_id");

-- AddForeignKey
ALTER TABLE "candidate_counts" ADD CONSTRAINT "candidate_counts_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One function for the three triggers: PostgreSQL allows transition tables only on single-event
-- triggers, and an absent one is simply not read (TG_OP says which exist).
CREATE FUNCTION "rosetta_count_candidates"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "candidate_counts" ("id", "project_id", "language", "source", "verification_status", "review_status", "n")
    SELECT uuidv7(), "project_id", "language", "source", "verification_status", "review_status", count(*)
      FROM "new_rows" GROUP BY 2, 3, 4, 5, 6;
  ELSIF TG_OP = 'DELETE' THEN
    -- A project's deletion cascades to its candidates after the project row is gone: nothing to count then.
    INSERT INTO "candidate_counts" ("id", "project_id", "language", "source", "verification_status", "review_status", "n")
    SELECT uuidv7(), o."project_id", o."language", o."source", o."verification_status", o."review_status", -count(*)
      FROM "old_rows" o WHERE EXISTS (SELECT 1 FROM "projects" p WHERE p."id" = o."project_id") GROUP BY 2, 3, 4, 5, 6;
  ELSE
    -- Most updates (claims, scores, quality) move no item between keys: they append nothing.
    INSERT INTO "candidate_counts" ("id", "project_id", "language", "source", "verification_status", "review_status", "n")
    SELECT uuidv7(), "project_id", "language", "source", "verification_status", "review_status", sum("n")
      FROM (
        SELECT "project_id", "language", "source", "verification_status", "review_status", 1 AS "n" FROM "new_rows"
        UNION ALL
        SELECT "project_id", "language", "source", "verification_status", "review_status", -1 FROM "old_rows"
      ) moved
     GROUP BY 2, 3, 4, 5, 6 HAVING sum("n") <> 0;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "candidates_count_insert" AFTER INSERT ON "candidates"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rosetta_count_candidates"();
CREATE TRIGGER "candidates_count_update" AFTER UPDATE ON "candidates"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rosetta_count_candidates"();
CREATE TRIGGER "candidates_count_delete" AFTER DELETE ON "candidates"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "rosetta_count_candidates"();

-- The candidates already there.
INSERT INTO "candidate_counts" ("id", "project_id", "language", "source", "verification_status", "review_status", "n")
SELECT uuidv7(), "project_id", "language", "source", "verification_status", "review_status", count(*)
  FROM "candidates" GROUP BY 2, 3, 4, 5, 6;

-- The review queue's "from one seed" filter walks the seed's candidates in id order (the queue's
-- order) from this index; on the seed alone, PostgreSQL read the whole (candidate_id, seed_sample_id)
-- key backwards instead (600 ms a deep page at 1 M candidates).
-- DropIndex
DROP INDEX "candidate_seeds_seed_sample_id_idx";

-- CreateIndex
CREATE INDEX "candidate_seeds_seed_sample_id_candidate_id_idx" ON "candidate_seeds"("seed_sample_id", "candidate_id");
