import path from "node:path";
import { readInstructionRecord, responseLanguage, type InstructionFormat } from "@/lib/synthesis/import/instruction-records";
import { decodedJsonlLines, type Found } from "@/lib/synthesis/import/sources";
import { hasUnpairedSurrogate } from "@/lib/synthesis/import/utf8";

/**
 * Instruction pairs from a JSONL file, streamed line by line (instruction-records.ts reads each
 * line's shape). The response is the snippet's code; its path is the file's name and the line, so
 * that a seed points back at the record it came from. The language is the record's, else the
 * response's code fences say it (an "other" makes the import skip the line as unknown-language).
 */
export async function* instructionPairs(
  file: string,
  { maxBytes, format, license, repo }: { maxBytes: number; format: InstructionFormat; license?: string; repo?: string },
): AsyncGenerator<Found> {
  const name = path.basename(file);
  for await (const read of decodedJsonlLines(file, { maxBytes })) {
    if (read.kind === "skipped") {
      yield read;
      continue;
    }
    const { where } = read;
    let value: unknown;
    try {
      value = JSON.parse(read.text);
    } catch (error) {
      yield { kind: "skipped", where, reason: "malformed-jsonl", detail: (error as Error).message };
      continue;
    }
    const record = readInstructionRecord(value, format);
    if ("reason" in record) {
      yield { kind: "skipped", where, reason: record.reason, detail: record.detail };
      continue;
    }
    const { pair } = record;
    const detected = pair.language ?? responseLanguage(pair.response);
    if (hasUnpairedSurrogate(pair.instruction) || hasUnpairedSurrogate(pair.response))
      yield { kind: "skipped", where, reason: "invalid-utf8", detail: "half of a surrogate pair, which UTF-8 cannot hold" };
    else if (Buffer.byteLength(pair.response) > maxBytes)
      yield {
        kind: "skipped",
        where,
        reason: "too-large",
        detail: `a response of ${Buffer.byteLength(pair.response)} bytes > ${maxBytes}`,
      };
    else
      yield {
        kind: "snippet",
        where,
        source: "INSTRUCTIONS",
        code: pair.response,
        instruction: pair.instruction,
        // "other": left to the import, which skips the line as unknown-language.
        language: detected === "other" ? undefined : detected,
        path: `${name}:${read.number}`,
        license: pair.license ?? license,
        repo: pair.repo ?? repo,
      };
  }
}
