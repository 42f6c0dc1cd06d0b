-- The studio's built-in scripted model server (the demo's), labelled wherever it is named.
ALTER TABLE "endpoint_profiles" ADD COLUMN "scripted" BOOLEAN NOT NULL DEFAULT false;
