/**
 * Normalisation for decontamination (lib/quality/decontaminate.ts): the text an item and a
 * benchmark share, with what a rewrite changes for free taken out. Every token keeps where it was
 * in the original text, so that a match can be shown as the item wrote it.
 */

export interface Token {
  /** The normalised token. */
  text: string;
  start: number;
  end: number;
}

/** What every identifier becomes: a renamed function or variable must still match. */
export const IDENTIFIER = "‹id›";
const LANGUAGE = "‹lang›";

/** Language names in prose ("Write a Java function…", "in Python"): MBXP differs from MBPP by just these. */
const LANGUAGE_WORDS = new Set(
  "python java javascript typescript js ts go golang rust c cpp c++ csharp c# php ruby swift kotlin scala lua perl haskell bash shell r julia dart elixir".split(
    " ",
  ),
);

/**
 * Openings that only say "write code" ("Write a python function to", "Implement a method that",
 * "Your task is to"): a rewording of them must not hide a leak, and their words must not make
 * two different problems look alike.
 */
const OPENING_VERBS = new Set(
  "write implement create define develop code build make complete construct design provide give generate produce craft program".split(" "),
);
const OPENING_NOUNS = new Set(
  "function program method script routine procedure subroutine class lambda solution code func fn module snippet".split(" "),
);
const OPENING_LINKS = new Set("to that which for who".split(" "));
const OPENING_MODALS = new Set("will should can must".split(" "));
const DETERMINERS = new Set("a an the one".split(" "));
const TASK_OPENINGS = [
  ["your", "task", "is", "to"],
  ["the", "task", "is", "to"],
  ["you", "are", "asked", "to"],
  ["you", "need", "to"],
  ["please"],
];

/** A light stem: plural and third-person "s" off ("returns" and "return", "lists" and "list"). */
function stem(word: string): string {
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is"))
    return word.slice(0, -1);
  return word;
}

const WORDS = /[\p{L}\p{N}_$]+(?:\+\+|#)?/gu;

/**
 * The words of an instruction or problem statement: lower-cased, punctuation out, lightly stemmed;
 * identifiers (snake_case, camelCase, letters with digits, a name called with `(`, a name in
 * backticks) become one placeholder; language names another; "write a … function to"-style
 * openings are dropped.
 */
export function instructionTokens(text: string): Token[] {
  const tokens: Token[] = [];
  WORDS.lastIndex = 0;
  for (let match = WORDS.exec(text); match; match = WORDS.exec(text)) {
    let raw = match[0];
    // "c++" and "c#" are words; a "+" or "#" after any other word is punctuation.
    const last = raw.charCodeAt(raw.length - 1);
    if ((last === 43 || last === 35) && !(raw.length <= 3 && (raw[0] === "c" || raw[0] === "C"))) raw = raw.replace(/(\+\+|#)$/, "");
    tokens.push(wordToken(text, raw, match.index));
  }
  return dropOpenings(tokens).filter((token) => !FILLER.has(token.text));
}

/**
 * Words a rewording adds, drops or swaps without changing the problem ("the", "a", "if" for
 * "whether"): out of the n-grams, so "check if in given list" and "check whether in the given
 * list" are the same words.
 */
const FILLER = new Set("a an the of in on to is are be it its if whether that this which and or for with by as at from then".split(" "));

function wordToken(text: string, raw: string, start: number): Token {
  const end = start + raw.length;
  const lower = raw.toLowerCase();
  if (LANGUAGE_WORDS.has(lower)) return { text: LANGUAGE, start, end };
  return { text: isIdentifier(text, raw, start, end) ? IDENTIFIER : stem(lower), start, end };
}

/** snake_case, camelCase, letters with digits (`x1`, `utf8`), a name called with `(`, or in backticks. */
function isIdentifier(text: string, raw: string, start: number, end: number): boolean {
  let previous = 0;
  for (let k = 0; k < raw.length; k++) {
    const code = raw.charCodeAt(k);
    if (code === 95 || code === 36) return true; // _ $
    const lower = previous >= 97 && previous <= 122;
    const letter = lower || (previous >= 65 && previous <= 90);
    if (lower && code >= 65 && code <= 90) return true; // aB
    if (letter && code >= 48 && code <= 57) return true; // a1
    previous = code;
  }
  let after = end;
  while (text.charCodeAt(after) === 32) after++;
  if (text[after] === "(") return true;
  return text[start - 1] === "`" && text[end] === "`";
}

function dropOpenings(tokens: Token[]): Token[] {
  const kept: Token[] = [];
  for (let i = 0; i < tokens.length;) {
    const skip = openingLength(tokens, i);
    if (skip > 0) i += skip;
    else kept.push(tokens[i++]!);
  }
  return kept;
}

/** How many tokens an opening at `i` spans (0: none). */
function openingLength(tokens: Token[], i: number): number {
  const first = tokens[i]!.text;
  if (!OPENING_VERBS.has(first)) {
    phrases: for (const phrase of TASK_OPENINGS) {
      for (let k = 0; k < phrase.length; k++) if (tokens[i + k]?.text !== phrase[k]) continue phrases;
      return phrase.length;
    }
    return 0;
  }
  let k = 1;
  if (tokens[i + k]?.text === "me") k++;
  if (DETERMINERS.has(tokens[i + k]?.text ?? "")) k++;
  // Up to three words between the article and the noun: "a small recursive Python function".
  let noun = -1;
  for (let j = k; j < k + 4 && i + j < tokens.length; j++)
    if (OPENING_NOUNS.has(tokens[i + j]!.text)) {
      noun = j;
      break;
    }
  if (noun < 0) return 0;
  k = noun + 1;
  if (tokens[i + k]?.text === "in" && tokens[i + k + 1]?.text === LANGUAGE) k += 2;
  if (OPENING_LINKS.has(tokens[i + k]?.text ?? "")) {
    k++;
    if (OPENING_MODALS.has(tokens[i + k]?.text ?? "")) k++;
  }
  return k;
}

/** Keywords of the common languages, kept as they are (every other name is an identifier). */
const KEYWORDS = new Set(
  `abstract and as assert async await auto bool boolean break byte case catch char class const continue def default defer del delete do double elif else end enum except export extends extern false final finally float fn for foreach from func function global go goto if impl implements import in instanceof int interface is lambda let local long loop map match mod module mut namespace new nil none not null nonlocal of or package pass private protected pub public raise range ref repeat return self short signed sizeof static string struct super switch then this throw throws true try type typeof uint unsigned until use using val var void where while with yield`.split(
    /\s+/,
  ),
);

const HASH_COMMENTS = new Set(
  "python py ruby rb bash sh shell zsh r perl julia elixir nim crystal coffeescript powershell tcl makefile".split(" "),
);
const DASH_COMMENTS = new Set("lua haskell hs sql elm ada vhdl".split(" "));
const SEMICOLON_COMMENTS = new Set("lisp clojure scheme racket elisp".split(" "));
const PERCENT_COMMENTS = new Set("matlab octave erlang prolog".split(" "));

const IMPORT_LINE =
  /^[ \t]*(import\b|from[ \t]+\S+[ \t]+import\b|#[ \t]*include\b|using[ \t]+[\w.]+[ \t]*;|package[ \t]+\w+|use[ \t]+[^;\n]+;|require(_once)?\b).*$/gm;

const OPERATORS = [
  "===",
  "!==",
  "**=",
  "//=",
  ">>=",
  "<<=",
  "...",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "->",
  "=>",
  "::",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "**",
  "//",
  "<<",
  ">>",
  "++",
  "--",
  "..",
  ":=",
  "?.",
  "??",
];

const WORD = /[\p{L}_$][\p{L}\p{N}_$]*/uy;
const NUMBER = /\d[\w.]*/y;
/** Multi-character operators by their first character, longest first. */
const OPERATORS_BY_CHAR = new Map<string, string[]>();
for (const op of OPERATORS) OPERATORS_BY_CHAR.set(op[0]!, [...(OPERATORS_BY_CHAR.get(op[0]!) ?? []), op]);

/**
 * The tokens of code: comments and whitespace out (by the language's comment syntax; any name
 * gets C-style comments), Python docstrings out, identifiers become one placeholder, keywords,
 * operators and literals stay (string literals by their content, whatever their quotes).
 */
export function codeTokens(code: string, language = ""): Token[] {
  const lang = language.toLowerCase();
  const hash = HASH_COMMENTS.has(lang);
  const dash = DASH_COMMENTS.has(lang);
  const php = lang === "php";
  const semicolon = SEMICOLON_COMMENTS.has(lang);
  const percent = PERCENT_COMMENTS.has(lang);
  const cStyle = !hash && !dash && !semicolon && !percent;
  const tokens: Token[] = [];
  // Imports are boilerplate every solution in a language shares; blanked, so offsets stay true.
  code = code.replace(IMPORT_LINE, (line) => " ".repeat(line.length));
  let i = 0;
  const n = code.length;
  while (i < n) {
    const c = code[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const next = code[i + 1];
    if (
      ((cStyle || php) && c === "/" && next === "/") ||
      ((hash || php) && c === "#") ||
      (dash && c === "-" && next === "-") ||
      (semicolon && c === ";") ||
      (percent && c === "%")
    ) {
      const close = dash && code.startsWith("--[[", i) ? "]]" : "\n";
      const end = code.indexOf(close, i);
      i = end < 0 ? n : end + close.length;
      continue;
    }
    if ((cStyle || php) && c === "/" && next === "*") {
      const end = code.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      const triple = next === c && code[i + 2] === c;
      const close = triple ? c.repeat(3) : c;
      let j = i + close.length;
      while (j < n && !code.startsWith(close, j)) {
        if (code[j] === "\\") j++;
        else if (!triple && c !== "`" && code[j] === "\n") break; // an unclosed quote (a Rust lifetime, a stray apostrophe)
        j++;
      }
      const end = Math.min(n, j + close.length);
      // Docstrings are prose, matched through the statement; code keeps only its logic.
      if (!(triple && hash)) tokens.push({ text: `"${code.slice(i + close.length, j)}"`, start: i, end });
      i = end;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(code);
    if (word) {
      const lower = word[0].toLowerCase();
      tokens.push({ text: KEYWORDS.has(word[0]) || KEYWORDS.has(lower) ? lower : IDENTIFIER, start: i, end: WORD.lastIndex });
      i = WORD.lastIndex;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(code);
    if (number) {
      tokens.push({ text: number[0].toLowerCase(), start: i, end: NUMBER.lastIndex });
      i = NUMBER.lastIndex;
      continue;
    }
    const operator = OPERATORS_BY_CHAR.get(c)?.find((op) => code.startsWith(op, i)) ?? c;
    tokens.push({ text: operator, start: i, end: i + operator.length });
    i += operator.length;
  }
  return tokens;
}
