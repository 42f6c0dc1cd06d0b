import "server-only";
import { createReadStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Unzip, UnzipInflate, type UnzipFile } from "fflate";

export interface ZipSkip {
  where: string;
  reason: "unsafe-path" | "too-large" | "unreadable" | "zip-too-large";
  detail?: string;
}

/**
 * Where a zip entry may be written inside `dest`, or null: nothing in a zip is trusted (zip-slip).
 * Refused: absolute paths, drive letters, `..` anywhere, NUL, and any `.git` folder (a crafted
 * `.git/config` would make the importer's `git ls-files` run a command).
 */
export function safeEntryPath(dest: string, name: string): string | null {
  const normalized = name.replaceAll("\\", "/");
  if (!normalized || normalized.includes("\0") || normalized.startsWith("/") || /^[a-zA-Z]:/.test(normalized)) return null;
  const parts = normalized.split("/").filter((part) => part !== "" && part !== ".");
  if (!parts.length || parts.some((part) => part === ".." || part.toLowerCase() === ".git")) return null;
  const root = path.resolve(dest);
  const target = path.resolve(root, ...parts);
  return target.startsWith(root + path.sep) ? target : null;
}

/**
 * Extracts a zip into `dest`, streamed: each entry is inflated chunk by chunk and counted as it
 * comes (the sizes a zip declares are not trusted), so an entry over `maxEntryBytes` is dropped
 * with its reason and the whole zip stops at `maxTotalBytes` (zip bombs). Only regular files are
 * written; folders are made as needed.
 */
export async function extractZip({ zipPath, dest, maxEntryBytes, maxTotalBytes }: { zipPath: string; dest: string; maxEntryBytes: number; maxTotalBytes: number }): Promise<{ files: number; skipped: ZipSkip[] }> {
  const skipped: ZipSkip[] = [];
  const writes: Promise<void>[] = [];
  let total = 0;
  let over = false;
  let broken: Error | undefined;
  let files = 0;
  const unzip = new Unzip((file: UnzipFile) => {
    if (over || file.name.endsWith("/")) return; // folders are made for the files in them
    const target = safeEntryPath(dest, file.name);
    if (!target) {
      skipped.push({ where: file.name, reason: "unsafe-path", detail: "outside the upload, absolute, or a .git folder" });
      return; // never started: its data is passed over
    }
    if (file.originalSize !== undefined && file.originalSize > maxEntryBytes) {
      skipped.push({ where: file.name, reason: "too-large", detail: `${file.originalSize} bytes > ${maxEntryBytes}` });
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let done = false;
    file.ondata = (error, chunk, final) => {
      if (done) return;
      if (error) {
        done = true;
        skipped.push({ where: file.name, reason: "unreadable", detail: error.message });
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (total > maxTotalBytes) {
        done = true;
        over = true;
        file.terminate();
        return;
      }
      if (size > maxEntryBytes) {
        done = true;
        file.terminate();
        skipped.push({ where: file.name, reason: "too-large", detail: `over ${maxEntryBytes} bytes` });
        return;
      }
      chunks.push(chunk);
      if (final) {
        done = true;
        files += 1;
        writes.push(mkdir(path.dirname(target), { recursive: true }).then(() => writeFile(target, Buffer.concat(chunks), { flag: "wx" })));
      }
    };
    try {
      file.start();
    } catch (error) {
      skipped.push({ where: file.name, reason: "unreadable", detail: (error as Error).message }); // e.g. a compression method other than deflate
    }
  });
  unzip.register(UnzipInflate);
  try {
    for await (const chunk of createReadStream(zipPath)) {
      unzip.push(chunk as Buffer);
      if (over) break;
    }
    if (!over) unzip.push(new Uint8Array(0), true);
  } catch (error) {
    broken = error as Error;
  }
  // Two entries naming the same file: the first stays ("wx"), the second is reported.
  const results = await Promise.allSettled(writes);
  for (const result of results) if (result.status === "rejected") skipped.push({ where: "(entry)", reason: "unreadable", detail: (result.reason as Error).message });
  if (over) skipped.push({ where: path.basename(zipPath), reason: "zip-too-large", detail: `expands to more than ${maxTotalBytes} bytes; the rest was not extracted` });
  if (broken) skipped.push({ where: path.basename(zipPath), reason: "unreadable", detail: `not a readable zip: ${broken.message}` });
  return { files, skipped };
}
