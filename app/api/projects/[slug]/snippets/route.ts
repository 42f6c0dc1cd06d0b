import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { UPLOAD_AS, UPLOAD_MAX_BYTES, type UploadAs } from "@/lib/projects/config-types";
import { importUploadedFiles } from "@/lib/projects/import-upload";
import { receiveUpload } from "@/lib/projects/receive-upload";

export const dynamic = "force-dynamic";

/**
 * Snippets uploaded from the studio (multipart: code files, .jsonl, .zip), streamed to a temporary
 * folder under a size cap (413 above it), imported through stage 0, with a result per file.
 * `?as=instructions`: the files are instruction sets (.jsonl), imported as seed pairs.
 */
export const POST = route<{ slug: string }>(
  "snippets:import",
  async ({ request, projectId, audit }) => {
    const as = new URL(request.url).searchParams.get("as") ?? "snippets";
    if (!UPLOAD_AS.includes(as as UploadAs))
      throw new AppError("BAD_REQUEST", `"as" is "snippets" or "instructions", not "${as.slice(0, 40)}".`);
    const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-upload-"));
    try {
      const files = await receiveUpload({ request, dir, maxBytes: UPLOAD_MAX_BYTES });
      const result = await importUploadedFiles({ db: getDb(), projectId, files, dir, as: as as UploadAs });
      await audit(
        as === "instructions" ? "snippets.import-instructions" : "snippets.import",
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
