-- Dataset versions (issue 8): a stable key per item so versions can be diffed, the DPO pairs frozen
-- with each version, its pair count and why a cut failed.

-- AlterTable
ALTER TABLE "dataset_versions" ADD COLUMN     "error" TEXT,
ADD COLUMN     "pair_count" INTEGER NOT NULL DEFAULT 0;

-- AlterTable: items cut before this migration get a key from their revision's candidate (or their own
-- id). Their versions may be READY, whose items the immutability trigger guards: this one backfill
-- is the only change it lets through, with the trigger off inside this migration's transaction.
ALTER TABLE "dataset_items" ADD COLUMN     "item_key" TEXT;
ALTER TABLE "dataset_items" DISABLE TRIGGER "dataset_items_immutable_when_ready";
UPDATE "dataset_items" AS i
SET "item_key" = COALESCE((SELECT 'candidate:' || r."candidate_id"::text FROM "revisions" AS r WHERE r."id" = i."revision_id"), 'item:' || i."id"::text);
ALTER TABLE "dataset_items" ENABLE TRIGGER "dataset_items_immutable_when_ready";
ALTER TABLE "dataset_items" ALTER COLUMN "item_key" SET NOT NULL;

-- CreateTable
CREATE TABLE "dataset_pairs" (
    "id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "language" TEXT NOT NULL,
    "source" "dpo_pair_source" NOT NULL,
    "prompt" TEXT NOT NULL,
    "chosen" TEXT NOT NULL,
    "rejected" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "pair_key" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dataset_pairs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "dataset_pairs_version_id_position_key" ON "dataset_pairs"("version_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "dataset_pairs_version_id_pair_key_key" ON "dataset_pairs"("version_id", "pair_key");

-- CreateIndex
CREATE UNIQUE INDEX "dataset_items_version_id_item_key_key" ON "dataset_items"("version_id", "item_key");

-- CreateIndex
CREATE INDEX "dataset_versions_project_id_created_at_idx" ON "dataset_versions"("project_id", "created_at");

-- AddForeignKey
ALTER TABLE "dataset_pairs" ADD CONSTRAINT "dataset_pairs_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "dataset_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A version's frozen pairs are as immutable as its items once it is READY (see the init migration's
-- rosetta_refuse_ready_version_items_change): a re-export of an old version's DPO file is byte-identical.
CREATE FUNCTION "rosetta_refuse_ready_version_pairs_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_version uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD."version_id" ELSE NEW."version_id" END;
BEGIN
  IF EXISTS (SELECT 1 FROM "dataset_versions" WHERE "id" = changed_version AND "status" = 'READY') THEN
    RAISE EXCEPTION 'dataset version % is cut and immutable: its pairs cannot change', changed_version;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER "dataset_pairs_immutable_when_ready" BEFORE INSERT OR UPDATE OR DELETE ON "dataset_pairs" FOR EACH ROW EXECUTE FUNCTION "rosetta_refuse_ready_version_pairs_change"();
