/**
 * The two views near-duplicates are judged on, each a set of 32-bit shingle hashes (sorted,
 * unique): words of the instruction and tokens of the code. Normalised so that what changes
 * between two syntheses of one task (a renamed identifier, a reformatted line, a comment) does not
 * change the set, while what tells two tasks apart (their words, literals and code shape) does.
 */

/** Word shingle length: 3-grams keep the shared openings of unrelated tasks ("write a function to") to a few shingles. */
export const WORD_SHINGLE = 3;
/** Token shingle length: identifiers become one placeholder, so shorter runs would match any two loops. */
export const TOKEN_SHINGLE = 5;

const IDENTIFIER_PLACEHOLDER = "\u0001id";

/** FNV-1a over UTF-16 code units, then a finaliser: a token's hash. */
export function hashToken(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** MurmurHash3's finaliser: a well-mixed 32-bit permutation in exact 32-bit integer maths. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A name written as code (snake_case, camelCase, with digits): renaming it must not change the text. */
function looksLikeIdentifier(word: string): boolean {
  return word.includes("_") || /[a-z][A-Z]/.test(word) || /[A-Za-z]\d|\d[A-Za-z]/.test(word);
}

/** Normalised instruction words: lowercase, punctuation out, code-style names as one placeholder. */
export function instructionTokens(text: string): number[] {
  const tokens: number[] = [];
  for (const match of text.matchAll(/[\p{L}_][\p{L}\p{N}_]*|\p{N}+(?:\.\p{N}+)?/gu)) {
    const word = match[0];
    tokens.push(hashToken(looksLikeIdentifier(word) ? IDENTIFIER_PLACEHOLDER : word.toLowerCase()));
  }
  return tokens;
}

/** Words the ten languages (and most others) reserve: kept as themselves, they are the code's shape. */
const KEYWORDS = new Set(
  (
    "abstract and as assert async await bool boolean break byte case catch char class const continue def default defer del do " +
    "double elif else elseif end enum except extends false fi final finally float fn for foreach func function go if impl " +
    "implements import in instanceof int interface is lambda let long loop map match mod mut namespace new nil none not null " +
    "or package pass private protected pub public raise range return self select short static string struct super switch " +
    "then this throw throws trait true try type typeof undefined unsafe use using var void where while with yield"
  ).split(" "),
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
  while (i < n) {
    const c = code[i]!;
    const next = code[i + 1];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i += 1;
    } else if (
      (syntax.slashes && c === "/" && next === "/") ||
      (syntax.hash && c === "#") ||
      (syntax.dashes && c === "-" && next === "-")
    ) {
      while (i < n && code[i] !== "\n") i += 1;
    } else if (syntax.slashes && c === "/" && next === "*") {
      const end = code.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < n && code[j] !== c) j += code[j] === "\\" ? 2 : 1;
      tokens.push(hashToken(code.slice(i, j + 1)));
      i = j + 1;
    } else if (isWordStart(code.charCodeAt(i))) {
      let j = i + 1;
      while (j < n && isWordPart(code.charCodeAt(j))) j += 1;
      const word = code.slice(i, j);
      tokens.push(hashToken(KEYWORDS.has(word.toLowerCase()) ? word.toLowerCase() : IDENTIFIER_PLACEHOLDER));
      i = j;
    } else if (c >= "0" && c <= "9") {
      let j = i + 1;
      while (j < n && (isWordPart(code.charCodeAt(j)) || code[j] === ".")) j += 1;
      tokens.push(hashToken(code.slice(i, j)));
      i = j;
    } else {
      tokens.push(hashToken(c));
      i += 1;
    }
  }
  return tokens;
}

/**
 * The sorted unique hashes of a token sequence's k-grams. A sequence shorter than k is one shingle
 * of all its tokens; an empty one has none (an empty text is nobody's duplicate).
 */
export function shingleSet(tokens: readonly number[], k: number): Uint32Array {
  if (!tokens.length) return new Uint32Array(0);
  const count = Math.max(1, tokens.length - k + 1);
  const out = new Uint32Array(count);
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
export function jaccard(a: Uint32Array, b: Uint32Array): number {
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
