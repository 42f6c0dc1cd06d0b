import "server-only";
import { open } from "node:fs/promises";

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const UNIX_HOSTS = new Set([3, 19]); // Unix, macOS
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

const utf8 = new TextDecoder();

/**
 * The names of a zip's symbolic links, or null when it has no readable central directory (not a
 * zip, or cut short). Only the central directory says what an entry is — the local headers that a
 * streaming reader sees do not — and a link stored in a zip is a file whose content is its target.
 * Names are decoded as fflate decodes them (UTF-8 when the entry says so, latin1 otherwise), so
 * that they match the names its Unzip gives.
 */
export async function readZipLinks(zipPath: string): Promise<Set<string> | null> {
  const handle = await open(zipPath, "r");
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let end = -1;
    for (let at = tailLength - 22; at >= 0; at -= 1) {
      if (tail.readUInt32LE(at) === END_OF_DIRECTORY) {
        end = at;
        break;
      }
    }
    if (end === -1) return null;
    let count = tail.readUInt16LE(end + 10);
    let length = tail.readUInt32LE(end + 12);
    let offset = tail.readUInt32LE(end + 16);
    const endAt = size - tailLength + end;
    if (count === 0xffff || length === 0xffffffff || offset === 0xffffffff) {
      const locator = Buffer.alloc(20);
      await handle.read(locator, 0, 20, endAt - 20);
      if (locator.readUInt32LE(0) !== ZIP64_LOCATOR) return null;
      const record = Buffer.alloc(56);
      await handle.read(record, 0, 56, Number(locator.readBigUInt64LE(8)));
      if (record.readUInt32LE(0) !== ZIP64_END) return null;
      count = Number(record.readBigUInt64LE(32));
      length = Number(record.readBigUInt64LE(40));
      offset = Number(record.readBigUInt64LE(48));
    }
    if (length > size) return null;
    const directory = Buffer.alloc(length);
    await handle.read(directory, 0, length, offset);
    // A zip with something before it (a self-extractor) counts offsets from its own start.
    if (length && directory.readUInt32LE(0) !== DIRECTORY_ENTRY) {
      await handle.read(directory, 0, length, endAt - length);
      if (directory.readUInt32LE(0) !== DIRECTORY_ENTRY) return null;
    }
    const links = new Set<string>();
    let at = 0;
    for (let entry = 0; entry < count && at + 46 <= length; entry += 1) {
      if (directory.readUInt32LE(at) !== DIRECTORY_ENTRY) return null;
      const host = directory[at + 5]!;
      const flags = directory.readUInt16LE(at + 8);
      const nameLength = directory.readUInt16LE(at + 28);
      const next = at + 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
      const mode = directory.readUInt32LE(at + 38) >>> 16;
      if (UNIX_HOSTS.has(host) && (mode & S_IFMT) === S_IFLNK) {
        const raw = directory.subarray(at + 46, at + 46 + nameLength);
        links.add(flags & 0x800 ? utf8.decode(raw) : raw.toString("latin1"));
      }
      at = next;
    }
    return links;
  } finally {
    await handle.close();
  }
}
