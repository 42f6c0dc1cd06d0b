import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { UPLOAD_MAX_BYTES } from "@/lib/projects/config-types";
import { importUploadedFiles } from "@/lib/projects/import-upload";
import { receiveUpload } from "@/lib/projects/receive-upload";

export const dynamic = "force-dynamic";

/**
 * Snippets uploaded from the studio (multipart: code files, .jsonl, .zip), streamed to a temporary
 * folder under a size cap (413 above it), imported through stage 0, with a result per file.
 */
export const POST = route<{ slug: string }>(
  "snippets:import",
  async ({ request, projectId, audit }) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-upload-"));
    try {
      const files = await receiveUpload({ request, dir, maxBytes: UPLOAD_MAX_BYTES });
      const result = await importUploadedFiles({ db: getDb(), projectId, files, dir });
      await audit(
        "snippets.import",
        { type: "project", id: projectId },
        {
          after: { files: files.map((f) => ({ name: f.name, bytes: f.bytes })), imported: result.imported, skipped: result.skipped },
        },
      );
      return Response.json(result);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
  { project: "slug" },
);
