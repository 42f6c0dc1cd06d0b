import path from "node:path";

/** What one file name may take on Linux and most file systems: bytes, not characters. */
export const NAME_MAX_BYTES = 255;

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * A name cut to at most `maxBytes` of UTF-8 on a character boundary (a whole grapheme: never half
 * of a multi-byte character, a surrogate pair or an emoji sequence), its extension kept so that the
 * file still reads as the language it is.
 */
export function shortenName(name: string, maxBytes = NAME_MAX_BYTES): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const dot = path.extname(name);
  // A "extension" that is most of the name is not one: cut the whole name instead.
  const extension = Buffer.byteLength(dot) <= 32 ? dot : "";
  let budget = maxBytes - Buffer.byteLength(extension);
  let stem = "";
  for (const { segment } of graphemes.segment(name.slice(0, name.length - extension.length))) {
    const size = Buffer.byteLength(segment);
    if (size > budget) break;
    stem += segment;
    budget -= size;
  }
  return stem + extension;
}

/** The last part of a name a browser or an archive gave (it is not trusted), made safe as a file name. */
export function safeFileName(raw: string | undefined, fallback = "upload"): string {
  const base = (raw ?? "").replaceAll("\\", "/").split("/").pop() ?? "";
  const clean = shortenName(base.replace(/[\0-\x1f\x7f]/g, ""));
  return clean && clean !== "." && clean !== ".." ? clean : fallback;
}
