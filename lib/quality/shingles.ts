/**
 * The two views near-duplicates are judged on, each a set of 32-bit shingle hashes (sorted,
 * unique): words of the instruction and tokens of the code. Normalised so that what changes
 * between two syntheses of one task (a renamed identifier, a reformatted line, a comment) does not
 * change the set, while what tells two tasks apart (their words, literals and code shape) does.
 */

/** Word shingle length: 3-grams keep the shared openings of unrelated tasks ("write a function to") to a few shingles. */
export const WORD_SHINGLE = 3;
/** Token shingle length: identifiers become one placeholder, so shorter runs would match
 * any two loops. */
export const TOKEN_SHINGLE = 6;

/*
 * Hashes are kept as signed 32-bit integers throughout: V8 holds those unboxed, while unsigned
 * values above 2^31 become doubles and make the hot loops several times slower. Sets are sorted in
 * signed order, which is as good a total order as any for merging them.
 */

/** FNV-1a over UTF-16 code units of text[start, end), then a finaliser: a token's hash. */
export function hashToken(text: string, start = 0, end = text.length): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** MurmurHash3's finaliser: a well-mixed 32-bit permutation in exact 32-bit integer maths. */
export function mix32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Every identifier's token: a renamed variable is the same code. */
const PLACEHOLDER_HASH = hashToken("\u0001id");

/**
 * Normalised instruction words: lowercase, punctuation out, and a name written as code (snake_case,
 * camelCase, letters and digits mixed) as one placeholder, since renaming it does not change the
 * task. A scanner hashing as it reads: no regex, no substring per word.
 */
export function instructionTokens(text: string): number[] {
  const tokens: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isWordPart(text.charCodeAt(i))) {
      i += 1;
      continue;
    }
    let h = 0x811c9dc5 | 0;
    let codeLike = false;
    let letters = false;
    let digits = false;
    let previousLower = false;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (!isWordPart(c)) break;
      const upper = c >= 65 && c <= 90;
      if (c === 95 || c === 36 || (upper && previousLower)) codeLike = true;
      if (c >= 48 && c <= 57) digits = true;
      else letters = true;
      previousLower = c >= 97 && c <= 122;
      h = Math.imul(h ^ (upper ? c | 0x20 : c > 127 ? String.fromCharCode(c).toLowerCase().charCodeAt(0) : c), 0x01000193);
    }
    tokens.push(codeLike || (letters && digits) ? PLACEHOLDER_HASH : mix32(h));
  }
  return tokens;
}

/** Lowercase FNV-1a of text[start, end), finalised: equal to hashToken of the lowercased ASCII word. */
function lowercaseHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c | 0x20 : c), 0x01000193);
  }
  return mix32(h);
}

/** Words the ten languages (and most others) reserve: kept as themselves, they are the code's shape. */
const KEYWORD_HASHES = new Set(
  (
    "abstract and as assert async await bool boolean break byte case catch char class const continue def default defer del do " +
    "double elif else elseif end enum except extends false fi final finally float fn for foreach func function go if impl " +
    "implements import in instanceof int interface is lambda let long loop map match mod mut namespace new nil none not null " +
    "or package pass private protected pub public raise range return self select short static string struct super switch " +
    "then this throw throws trait true try type typeof undefined unsafe use using var void where while with yield"
  )
    .split(" ")
    .map((word) => hashToken(word)),
);

interface CommentSyntax {
  hash: boolean;
  slashes: boolean;
  dashes: boolean;
}

function commentSyntax(language: string): CommentSyntax {
  const name = language.trim().toLowerCase();
  const hash =
    /^(python|py|bash|sh|shell|zsh|ruby|rb|perl|pl|r|php|julia|jl|elixir|ex|nim|crystal|powershell|ps1|yaml|toml|tcl|coffeescript)$/.test(
      name,
    );
  const dashes = /^(lua|sql|haskell|hs|ada|elm|vhdl)$/.test(name);
  const slashes = !/^(python|py|bash|sh|shell|zsh|ruby|rb|perl|pl|r|lua|sql|haskell|hs|julia|jl|elixir|ex|nim|tcl)$/.test(name);
  return { hash, slashes, dashes };
}

// ASCII by comparison (the common case, and this loop runs over every character of 100 k items);
// other scripts by Unicode class.
function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || (c > 127 && /\p{L}/u.test(String.fromCharCode(c)));
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57) || (c > 127 && /\p{N}/u.test(String.fromCharCode(c)));
}

/**
 * Code tokens without comments and whitespace; identifiers (not keywords) become one placeholder,
 * literals and operators stay. A small scanner rather than a regex split, so a `#` or `//` inside a
 * string literal is not taken for a comment.
 */
export function codeTokens(code: string, language: string): number[] {
  const syntax = commentSyntax(language);
  const tokens: number[] = [];
  const n = code.length;
  let i = 0;
  let lineStart = true;
  while (i < n) {
    const c = code.charCodeAt(i);
    const next = i + 1 < n ? code.charCodeAt(i + 1) : 0;
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (c === 10) lineStart = true;
      i += 1;
      continue;
    }
    if (lineStart) {
      lineStart = false;
      // Import lines are every file's boilerplate (java.util.*, <vector>, System.Linq): not what a solution does.
      IMPORT_LINE.lastIndex = i;
      if (IMPORT_LINE.test(code)) {
        while (i < n && code.charCodeAt(i) !== 10) i += 1;
        continue;
      }
    }
    if (
      (syntax.slashes && c === SLASH && next === SLASH) ||
      (syntax.hash && c === HASH) ||
      (syntax.dashes && c === DASH && next === DASH)
    ) {
      while (i < n && code.charCodeAt(i) !== 10) i += 1;
    } else if (syntax.slashes && c === SLASH && next === STAR) {
      const end = code.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === 34 || c === 39 || c === 96) {
      let j = i + 1;
      while (j < n && code.charCodeAt(j) !== c) j += code.charCodeAt(j) === 92 ? 2 : 1;
      j = Math.min(j + 1, n);
      tokens.push(hashToken(code, i, j));
      i = j;
    } else if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordPart(code.charCodeAt(j))) j += 1;
      // Looked up by hash: no substring per identifier (a name colliding with a keyword's 32-bit hash is kept, harmlessly).
      const h = lowercaseHash(code, i, j);
      tokens.push(KEYWORD_HASHES.has(h) ? h : PLACEHOLDER_HASH);
      i = j;
    } else if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < n && (isWordPart(code.charCodeAt(j)) || code.charCodeAt(j) === 46)) j += 1;
      tokens.push(hashToken(code, i, j));
      i = j;
    } else {
      tokens.push(hashToken(code, i, i + 1));
      i += 1;
    }
  }
  return tokens;
}

const IMPORT_LINE = /(?:import|from|package|using|use|require|require_once|include|#\s*include|extern crate)\b[^\n({=]*?(?:;|$|\n)/my;
const SLASH = 47;
const STAR = 42;
const HASH = 35;
const DASH = 45;

/**
 * The sorted unique hashes of a token sequence's k-grams. A sequence shorter than k is one shingle
 * of all its tokens; an empty one has none (an empty text is nobody's duplicate).
 */
export function shingleSet(tokens: readonly number[], k: number): Int32Array {
  if (!tokens.length) return new Int32Array(0);
  const count = Math.max(1, tokens.length - k + 1);
  const out = new Int32Array(count);
  for (let start = 0; start < count; start++) {
    let h = 0x9747b28c ^ k;
    const end = Math.min(tokens.length, start + k);
    for (let j = start; j < end; j++) h = mix32(Math.imul(h, 31) ^ tokens[j]!);
    out[start] = h;
  }
  out.sort();
  let unique = 0;
  for (let j = 0; j < out.length; j++) if (j === 0 || out[j] !== out[j - 1]) out[unique++] = out[j]!;
  return out.subarray(0, unique);
}

/** Exact Jaccard similarity of two sorted unique hash sets (0 when either is empty). */
export function jaccard(a: Int32Array, b: Int32Array): number {
  if (!a.length || !b.length) return 0;
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      both += 1;
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return both / (a.length + b.length - both);
}
