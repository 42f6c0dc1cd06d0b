import { randomFillSync } from "node:crypto";

/** Random bytes drawn 4 KiB at a time: a worker makes ids by the thousand, and each draw is a call into OpenSSL. */
const pool = Buffer.alloc(4096);
let used = pool.length;

/**
 * A version-7 UUID (RFC 9562): 48 bits of Unix milliseconds, then random bits. The same scheme as
 * the schema's `@default(uuid(7))`, for rows whose id is needed before they are written.
 */
export function uuidv7(now = Date.now()): string {
  if (used + 16 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const bytes = Buffer.from(pool.subarray(used, used + 16));
  used += 16;
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
