-- Every kept seed pair becomes a reviewable item (issue 16): seeds kept before the pipeline made
-- items get theirs here, as lib/synthesis/seed-items.ts makes them — a candidate with source DS1/DS2,
-- the seed's language and scores, unreviewed, and a first revision by the agent with the seed's
-- instruction and solution and no tests. One statement: the foreign keys between the two new rows
-- (revision → candidate, candidate → current revision) are checked at its end.
-- Ids are version-7 UUIDs made in SQL as the version cut makes them (lib/datasets/create-version.ts).
WITH "seeds" AS MATERIALIZED (
  SELECT s."id", s."project_id", s."kind", s."language", s."instruction", s."solution", s."total_score", s."scores", s."created_at",
         encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid AS "candidate_id",
         encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid AS "revision_id"
    FROM "seed_samples" s
   WHERE s."status" = 'KEPT' AND NOT EXISTS (SELECT 1 FROM "candidates" c WHERE c."seed_sample_id" = s."id")
), "items" AS (
  INSERT INTO "candidates" ("id", "project_id", "source", "seed_sample_id", "language", "total_score", "scores", "current_revision_id", "created_at", "updated_at")
  SELECT "candidate_id", "project_id", "kind"::text::"candidate_source", "id", "language", "total_score", "scores", "revision_id", "created_at", now()
    FROM "seeds"
)
INSERT INTO "revisions" ("id", "candidate_id", "number", "author_kind", "instruction", "solution", "tests", "note", "created_at")
SELECT "revision_id", "candidate_id", 1, 'AGENT', "instruction", "solution", '', 'seed pair ' || "kind"::text || ' ' || "id"::text, "created_at"
  FROM "seeds";
