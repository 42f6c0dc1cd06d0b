import "server-only";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { AppError } from "@/lib/errors";
import { safeFileName } from "@/lib/projects/file-name";

export interface ReceivedFile {
  /** The name the browser gave (its last path part, read as UTF-8, at most 255 bytes), for the results. */
  name: string;
  /** Where it was written, inside the upload's folder. */
  path: string;
  bytes: number;
}

const MAX_FILES = 1_000;

function tooLarge(maxBytes: number): AppError {
  return new AppError(
    "PAYLOAD_TOO_LARGE",
    `The upload is over ${Math.round(maxBytes / (1024 * 1024))} MB; send fewer or smaller files, or import big sets with \`rosetta import\`.`,
  );
}

/** A file the server could not write, by the user's name for it: the file system's own message names the server's temporary folder. */
function notStored(name: string, cause: unknown): AppError {
  const code = (cause as NodeJS.ErrnoException).code;
  return new AppError(
    "INTERNAL",
    `${name} could not be stored on the server${code === "ENOSPC" ? ": its disk is full" : code ? ` (${code})` : ""}; try again later.`,
    { cause },
  );
}

/**
 * Streams a multipart/form-data request's files to `dir` (each in its own folder), never holding
 * one in memory, and stops at `maxBytes` in all with a 413: a declared Content-Length over the cap
 * is refused before reading, and a body that turns out bigger is cut off as soon as it passes it.
 */
export async function receiveUpload({
  request,
  dir,
  maxBytes,
}: {
  request: Request;
  dir: string;
  maxBytes: number;
}): Promise<ReceivedFile[]> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data/i.test(contentType))
    throw new AppError("BAD_REQUEST", "Send the files as multipart/form-data (a form with file fields).");
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) throw new AppError("BAD_REQUEST", "The upload has no files.");

  const files: ReceivedFile[] = [];
  const writes: { file: ReceivedFile; done: Promise<void> }[] = [];
  let received = 0;
  let failure: Error | undefined;
  // Browsers send a file's name as raw UTF-8 in the part's header; busboy would read it as latin1.
  const parser = busboy({
    headers: { "content-type": contentType },
    defParamCharset: "utf8",
    limits: { files: MAX_FILES, fileSize: maxBytes, fields: 20 },
  });
  const body = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
  const fail = (error: Error) => {
    if (failure) return;
    failure = error;
    // Not from inside busboy's own callback (it is mid-write): next turn, stop reading the body;
    // the pipeline then tears the parser and the file streams down.
    setImmediate(() => body.destroy(error));
  };
  parser.on("file", (_field, stream, info) => {
    const name = safeFileName(info.filename);
    const folder = path.join(dir, `f-${files.length}`);
    const file: ReceivedFile = { name, path: path.join(folder, name), bytes: 0 };
    files.push(file);
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      stream.resume();
      fail(notStored(name, error));
      return;
    }
    // The file is written from its first chunk on (a listener that came later would miss chunks already flowing).
    writes.push({ file, done: pipeline(stream, createWriteStream(file.path, { flags: "wx" })) });
    stream.on("data", (chunk: Buffer) => {
      file.bytes += chunk.length;
      received += chunk.length;
      if (received > maxBytes) fail(tooLarge(maxBytes));
    });
    stream.on("limit", () => fail(tooLarge(maxBytes)));
  });
  parser.on("filesLimit", () => fail(new AppError("BAD_REQUEST", `At most ${MAX_FILES} files at once; zip them.`)));
  try {
    await pipeline(body, parser);
  } catch (error) {
    // The parser's own words say what is wrong with the body; a file system error's would name a server path.
    const reason = (error as NodeJS.ErrnoException).syscall ? "the connection broke off" : (error as Error).message;
    failure ??= new AppError("BAD_REQUEST", `The upload could not be read: ${reason}`);
  }
  const settled = await Promise.allSettled(writes.map((write) => write.done));
  if (failure) throw failure;
  const broken = settled.findIndex((result) => result.status === "rejected");
  if (broken !== -1) throw notStored(writes[broken]!.file.name, (settled[broken] as PromiseRejectedResult).reason);
  if (!files.length) throw new AppError("BAD_REQUEST", "The upload has no files.");
  return files;
}
