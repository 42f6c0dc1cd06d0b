import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/http";
import { BENCHMARK_MAX_BYTES } from "@/lib/projects/benchmark-types";

const JsonBody = z.object({
  name: z.string().optional(),
  fileName: z.string().max(255).optional(),
  /** The JSONL file's text. */
  content: z.string().min(1, "is empty"),
});

const tooLarge = () =>
  new AppError("PAYLOAD_TOO_LARGE", `A benchmark file may be at most ${BENCHMARK_MAX_BYTES / (1024 * 1024)} MB; split it into several.`);

/** "humaneval-ru.jsonl" → "humaneval-ru": the default name of a file sent without one. */
const baseName = (fileName: string) => fileName.replace(/\.jsonl$/i, "").trim();

/**
 * A benchmark upload as { name, fileName, text }: multipart (a `file` field and an optional `name`,
 * as the settings page sends it) or JSON ({ name?, fileName?, content }, as scripts send it).
 */
export async function readBenchmarkUpload(request: Request): Promise<{ name: string; fileName: string | null; text: string }> {
  if (Number(request.headers.get("content-length") ?? NaN) > BENCHMARK_MAX_BYTES + 64 * 1024) throw tooLarge();
  const type = request.headers.get("content-type") ?? "";
  if (/^multipart\/form-data/i.test(type)) {
    const form = await request.formData().catch(() => {
      throw new AppError("BAD_REQUEST", "The upload is not a readable multipart form.");
    });
    const file = form.get("file");
    if (!(file instanceof File)) throw new AppError("BAD_REQUEST", "Send the benchmark as a `file` field (a JSONL file).");
    if (file.size > BENCHMARK_MAX_BYTES) throw tooLarge();
    const name = form.get("name");
    return {
      name: typeof name === "string" && name.trim() ? name : baseName(file.name),
      fileName: file.name || null,
      text: await file.text(),
    };
  }
  const body = parseInput(JsonBody, await request.json().catch(() => null), "benchmark upload");
  if (body.content.length > BENCHMARK_MAX_BYTES) throw tooLarge();
  const name = body.name?.trim() || (body.fileName ? baseName(body.fileName) : "");
  if (!name) throw new AppError("BAD_REQUEST", "Invalid benchmark upload: name: give the benchmark a name.");
  return { name, fileName: body.fileName ?? null, text: body.content };
}
