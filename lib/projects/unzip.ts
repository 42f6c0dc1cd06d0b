import "server-only";
import { createReadStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Unzip, UnzipInflate, type UnzipFile } from "fflate";
import { shortenName } from "@/lib/projects/file-name";
import { readZipLinks } from "@/lib/projects/zip-links";
import { isReportedSymlink, vendoredFolder } from "@/lib/synthesis/import/skip-rules";

export interface ZipSkip {
  where: string;
  reason: "unsafe-path" | "too-large" | "unreadable" | "zip-too-large" | "vendored" | "symlink" | "duplicate-entry";
  detail?: string;
}

/**
 * An entry's name as its maker meant it: zips from tools that do not set the UTF-8 flag still
 * mostly hold UTF-8, which fflate then reads as latin1. A name that is valid UTF-8 read that way
 * is taken as UTF-8 (text really meant as latin1 is seldom valid UTF-8).
 */
function entryName(name: string): string {
  if (!/[\x80-\xff]/.test(name) || /[^\x00-\xff]/.test(name)) return name;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(name, "latin1"));
  } catch {
    return name;
  }
}

/**
 * Where a zip entry may be written inside `dest`, or null: nothing in a zip is trusted (zip-slip).
 * Refused: absolute paths, drive letters, `..` anywhere, NUL, and any `.git` folder (a crafted
 * `.git/config` would make the importer's `git ls-files` run a command). Each part too long for
 * a file system is shortened as an uploaded file's name is.
 */
export function safeEntryPath(dest: string, name: string): string | null {
  const normalized = name.replaceAll("\\", "/");
  if (!normalized || normalized.includes("\0") || normalized.startsWith("/") || /^[a-zA-Z]:/.test(normalized)) return null;
  const parts = normalized.split("/").filter((part) => part !== "" && part !== ".");
  if (!parts.length || parts.some((part) => part === ".." || part.toLowerCase() === ".git")) return null;
  parts.forEach((part, index) => (parts[index] = shortenName(part)));
  const root = path.resolve(dest);
  const target = path.resolve(root, ...parts);
  return target.startsWith(root + path.sep) ? target : null;
}

/**
 * Extracts a zip into `dest`, streamed: each entry is inflated chunk by chunk and counted as it
 * comes (the sizes a zip declares are not trusted), so an entry over `maxEntryBytes` is dropped
 * with its reason and the whole zip stops at `maxTotalBytes` (zip bombs). Only regular files are
 * written; folders are made as needed. What `rosetta import` would pass over in a folder — vendored
 * folders, symbolic links — is never inflated, so it costs none of the budget.
 */
export async function extractZip({
  zipPath,
  dest,
  maxEntryBytes,
  maxTotalBytes,
}: {
  zipPath: string;
  dest: string;
  maxEntryBytes: number;
  maxTotalBytes: number;
}): Promise<{ files: number; skipped: ZipSkip[] }> {
  const skipped: ZipSkip[] = [];
  const writes: { name: string; done: Promise<void> }[] = [];
  let total = 0;
  let over = false;
  let broken: Error | undefined;
  let files = 0;
  const links = await readZipLinks(zipPath).catch(() => null);
  // Without its central directory a zip is cut short or no zip at all: nothing in it can be told apart.
  if (!links) return { files: 0, skipped: [] };
  const vendored = new Set<string>();
  const claimed = new Set<string>();
  const unzip = new Unzip((file: UnzipFile) => {
    if (over || file.name.endsWith("/")) return; // folders are made for the files in them
    const name = entryName(file.name);
    const target = safeEntryPath(dest, name);
    // Skipped entries are never started: their data is passed over.
    if (!target) {
      skipped.push({ where: name, reason: "unsafe-path", detail: "outside the upload, absolute, or a .git folder" });
      return;
    }
    const relative = path.relative(dest, target).split(path.sep).join("/");
    const folder = vendoredFolder(relative);
    if (folder) {
      if (!vendored.has(folder)) skipped.push({ where: folder, reason: "vendored" });
      vendored.add(folder);
      return;
    }
    if (links.has(file.name)) {
      if (isReportedSymlink(name)) skipped.push({ where: name, reason: "symlink", detail: "links are not followed" });
      return;
    }
    if (claimed.has(target)) {
      skipped.push({ where: name, reason: "duplicate-entry", detail: "a second entry with this name; the first was kept" });
      return;
    }
    claimed.add(target);
    if (file.originalSize !== undefined && file.originalSize > maxEntryBytes) {
      skipped.push({ where: name, reason: "too-large", detail: `${file.originalSize} bytes > ${maxEntryBytes}` });
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let done = false;
    file.ondata = (error, chunk, final) => {
      if (done) return;
      if (error) {
        done = true;
        skipped.push({ where: name, reason: "unreadable", detail: error.message });
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
        skipped.push({ where: name, reason: "too-large", detail: `over ${maxEntryBytes} bytes` });
        return;
      }
      chunks.push(chunk);
      if (final) {
        done = true;
        files += 1;
        writes.push({
          name,
          done: mkdir(path.dirname(target), { recursive: true }).then(() => writeFile(target, Buffer.concat(chunks), { flag: "wx" })),
        });
      }
    };
    try {
      file.start();
    } catch (error) {
      skipped.push({ where: name, reason: "unreadable", detail: (error as Error).message }); // e.g. a compression method other than deflate
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
  const results = await Promise.allSettled(writes.map((write) => write.done));
  // The file system's message would name the server's folder: the entry's name and the error's code say enough.
  results.forEach((result, index) => {
    if (result.status === "rejected")
      skipped.push({
        where: writes[index]!.name,
        reason: "unreadable",
        detail: `could not be written (${(result.reason as NodeJS.ErrnoException).code ?? "error"})`,
      });
  });
  if (over)
    skipped.push({
      where: path.basename(zipPath),
      reason: "zip-too-large",
      detail: `expands to more than ${maxTotalBytes} bytes; the rest was not extracted`,
    });
  if (broken)
    skipped.push({
      where: path.basename(zipPath),
      reason: "unreadable",
      detail: `not a readable zip: ${(broken as NodeJS.ErrnoException).syscall ? (broken as NodeJS.ErrnoException).code : broken.message}`,
    });
  return { files, skipped };
}
