-- Keyset pages over one project's candidates in id order (lib/quality/clusters.ts reads them all).
CREATE INDEX "candidates_project_id_id_idx" ON "candidates"("project_id", "id");
