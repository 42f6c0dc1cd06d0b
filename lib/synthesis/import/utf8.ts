const strict = new TextDecoder("utf-8", { fatal: true });

/** Where the first byte that does not start a valid UTF-8 sequence is, or -1. */
function firstInvalidByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const follow = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
    if (!follow) return i;
    let point = lead & (0x3f >> follow);
    for (let k = 1; k <= follow; k += 1) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      point = (point << 6) | (next & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 either.
    if (point < [0, 0x80, 0x800, 0x10000][follow]! || (point >= 0xd800 && point <= 0xdfff) || point > 0x10ffff) return i;
    i += follow + 1;
  }
  return -1;
}

/**
 * Bytes as text, or why they are not UTF-8 (the first bad byte and its 1-based column): never a
 * text with U+FFFD standing in for what could not be read.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { error: string } {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    const at = firstInvalidByte(bytes);
    return { error: `not valid UTF-8: byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, "0")} at column ${at + 1}` };
  }
}

/**
 * A JSON escape can name half of a surrogate pair (`"\ud800"`), which JSON.parse accepts but no
 * UTF-8 can hold: it would be stored as U+FFFD. With the `u` flag, only an unpaired half matches.
 */
export function hasUnpairedSurrogate(text: string): boolean {
  return /\p{Surrogate}/u.test(text);
}
