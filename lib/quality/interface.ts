import type { Language } from "@/lib/languages";

/**
 * The interface of a solution: what a test writer needs to call it (imports, function and method
 * signatures, the shape of its classes, structs and types) and none of its bodies. The independent
 * test writer sees this and the instruction, never the solution, so its tests check the problem as
 * stated and not the solution's reading of it. Bodies become `...`; doc comments are left out (an
 * example in one is the solution author's claim, and the instruction states the problem already).
 *
 * Heuristics over the usual shapes, not a parser: strings and comments are skipped while braces are
 * matched, so a brace inside a string does not open a body.
 */

const ELIDED = "...";

export function extractInterface(solution: string, language: Language | string): string {
  const code = solution.replace(/\r\n?/g, "\n");
  const text = language === "python" ? pythonInterface(code) : braceInterface(code, language);
  return text.trim();
}

// ───────────── Python: by indentation ─────────────

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0].length;

function pythonInterface(code: string): string {
  const lines = code.split("\n");
  const out: string[] = [];
  /** Indentation of the class bodies we are inside, innermost last. */
  const classes: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim() || line.trim().startsWith("#")) continue;
    const indent = indentOf(line);
    while (classes.length && indent < classes.at(-1)!) classes.pop();
    const inClass = classes.length > 0 && indent === classes.at(-1);
    const topLevel = indent === 0;
    if (!topLevel && !inClass) continue; // inside a body
    const trimmed = line.trim();
    const docstring = /^[rbuRBU]?("""|\'\'\')/.exec(trimmed);
    if (docstring) {
      // A docstring at a class's level: skip to its closing quotes.
      const quote = docstring[1]!;
      if (trimmed.indexOf(quote, docstring[0].length) < 0) while (i + 1 < lines.length && !lines[++i]!.includes(quote));
      continue;
    }
    if (topLevel && /^(import|from)\s/.test(trimmed)) {
      out.push(trimmed);
      continue;
    }
    if (trimmed.startsWith("@")) {
      out.push(line);
      continue;
    }
    const header = /^(async\s+)?def\s|^class\s/.test(trimmed);
    if (header) {
      // A signature may span lines: up to the line that ends it with a colon (outside brackets).
      const signature = [line];
      let depth = bracketDepth(line);
      while ((depth > 0 || !/:\s*(#.*)?$/.test(signature.at(-1)!)) && i + 1 < lines.length) {
        signature.push(lines[++i]!);
        depth += bracketDepth(lines[i]!);
      }
      const joined = signature.join("\n").replace(/:\s*#.*$/, ":");
      if (trimmed.startsWith("class")) {
        out.push(joined);
        const next = lines.slice(i + 1).find((l) => l.trim() && !l.trim().startsWith("#"));
        const bodyIndent = next && indentOf(next) > indent ? indentOf(next) : indent + 4;
        classes.push(bodyIndent);
        const members = lines.slice(i + 1).filter((l) => l.trim() && indentOf(l) >= bodyIndent);
        if (!members.some((l) => /^\s*(async\s+def|def|class|\w+\s*:)/.test(l))) out.push(`${" ".repeat(bodyIndent)}${ELIDED}`);
      } else {
        out.push(joined, `${" ".repeat(indent + 4)}${ELIDED}`);
      }
      continue;
    }
    // A class's annotated fields (dataclasses, NamedTuples) are its shape; a default value is data, not logic.
    if (inClass && /^\w+\s*:\s*[^=]+(=.*)?$/.test(trimmed)) out.push(line);
  }
  return out.join("\n");
}

function bracketDepth(line: string): number {
  let depth = 0;
  for (const c of line.replace(/(["'])(?:\\.|(?!\1).)*\1/g, "")) {
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
  }
  return depth;
}

// ───────────── brace languages ─────────────

const IMPORTS: Record<string, RegExp[]> = {
  javascript: [/^import\s[^\n]*$/gm, /^(?:const|let|var)\s+[^=\n]+=\s*require\([^)]*\);?$/gm],
  typescript: [/^import\s[^\n]*$/gm, /^(?:const|let|var)\s+[^=\n]+=\s*require\([^)]*\);?$/gm],
  java: [/^import\s+[\w.*\s]+;/gm, /^package\s+[\w.]+;/gm],
  csharp: [/^using\s+[\w.=\s]+;/gm],
  cpp: [/^#include[^\n]*$/gm, /^using\s+namespace\s+[\w:]+;/gm, /^using\s+std::\w+;/gm],
  php: [/^<\?php/gm, /^declare\s*\([^)]*\);/gm, /^use\s+[^;\n]+;/gm, /^(?:require|include)(?:_once)?\s*[^;\n]+;/gm],
  go: [/^package\s+\w+/gm, /^import\s*\([^)]*\)/gm, /^import\s+(?:\w+\s+)?"[^"\n]+"/gm],
  rust: [/^use\s+[^;]+;/gm, /^extern\s+crate\s+\w+;/gm],
  bash: [/^(?:source|\.)\s+\S+/gm],
};

/** Single quotes delimit strings in these; elsewhere they are char literals (or Rust lifetimes). */
const SINGLE_QUOTED_STRINGS = new Set(["javascript", "typescript", "php", "bash"]);
const HASH_COMMENTS = new Set(["php", "bash"]);
const CONTAINER = /\b(class|struct|interface|trait|impl|namespace|enum|record|union|object|module)\b/;
const CONTROL = /^(if|else|for|foreach|while|do|switch|match|try|catch|finally|return|loop|unsafe|defer|go|select)\b/;
/** Languages whose statements may end at the line (no semicolon needed). */
const LINE_STATEMENTS = new Set(["go", "bash", "javascript", "typescript"]);

/** Whether a newline ends the statement in `head`: not when the line goes on (an operator at its end, a brace or a dot next). */
function endsStatement(head: string, rest: string): boolean {
  if (!head.trim()) return false;
  if (/(=>|[=,+\-*/&|<(\\])\s*$/.test(head)) return false;
  return !/^\s*[{.]/.test(rest);
}

/** A program's entry point is the tests' business, not the interface's. */
const ENTRY = /(^|\s|\*)(main|Main)\s*\(/;

interface Piece {
  /** The text before a body (or the whole statement when there is none), comments removed. */
  head: string;
  /** The body between the braces, when the piece has one. */
  body?: string;
}

/**
 * Splits code into its top-level pieces: statements ending in `;` or a newline with no open
 * bracket, and declarations with a `{ … }` body. Strings and comments are skipped while counting.
 */
function pieces(code: string, language: string): Piece[] {
  const result: Piece[] = [];
  let head = "";
  let paren = 0;
  let i = 0;
  const flush = () => {
    if (head.trim()) result.push({ head: head.trim() });
    head = "";
  };
  while (i < code.length) {
    const c = code[i]!;
    const skipped = skipLiteral(code, i, language);
    if (skipped.comment) {
      i = skipped.end;
      continue;
    }
    if (skipped.end > i) {
      head += code.slice(i, skipped.end);
      i = skipped.end;
      continue;
    }
    if (c === "(" || c === "[") paren++;
    else if ((c === ")" || c === "]") && paren > 0) paren--;
    if (c === "{" && paren === 0) {
      const end = matchBrace(code, i, language);
      result.push({ head: head.trim(), body: code.slice(i + 1, end) });
      head = "";
      i = end + 1;
      // `};` and `} else {` belong to what came before.
      while (code[i] === ";") i++;
      continue;
    }
    if (c === ";" && paren === 0) {
      head += c;
      flush();
      i++;
      continue;
    }
    if (c === "\n" && paren === 0 && LINE_STATEMENTS.has(language) && endsStatement(head, code.slice(i + 1, i + 200))) {
      flush();
      i++;
      continue;
    }
    head += c;
    i++;
  }
  flush();
  return result;
}

/** Where the literal or comment starting at `i` ends (`end === i` when none starts there). */
function skipLiteral(code: string, i: number, language: string): { end: number; comment?: boolean } {
  const c = code[i]!;
  const next = code[i + 1];
  if (c === "/" && next === "/") return { end: lineEnd(code, i), comment: true };
  if (c === "/" && next === "*") {
    const close = code.indexOf("*/", i + 2);
    return { end: close < 0 ? code.length : close + 2, comment: true };
  }
  if (c === "#" && HASH_COMMENTS.has(language) && (i === 0 || /\s/.test(code[i - 1]!)) && next !== "!")
    return { end: lineEnd(code, i), comment: true };
  if (c === '"' || c === "`" || (c === "'" && SINGLE_QUOTED_STRINGS.has(language))) {
    // A raw or verbatim string (C# @"…", Rust r"…") still ends at its quote; escapes are skipped.
    let j = i + 1;
    while (j < code.length && code[j] !== c) j += code[j] === "\\" && language !== "bash" ? 2 : 1;
    return { end: Math.min(code.length, j + 1) };
  }
  if (c === "'") {
    const char = /^'(?:\\.[^']*|[^\\'\n])'/.exec(code.slice(i, i + 12));
    return { end: char ? i + char[0].length : i + 1 };
  }
  return { end: i };
}

const lineEnd = (code: string, i: number) => {
  const end = code.indexOf("\n", i);
  return end < 0 ? code.length : end;
};

/** The index of the brace closing the one at `open`. */
function matchBrace(code: string, open: number, language: string): number {
  let depth = 0;
  let i = open;
  while (i < code.length) {
    const skipped = skipLiteral(code, i, language);
    if (skipped.end > i) {
      i = skipped.end;
      continue;
    }
    if (code[i] === "{") depth++;
    else if (code[i] === "}" && --depth === 0) return i;
    i++;
  }
  return code.length;
}

function isImport(text: string, language: string): boolean {
  return (IMPORTS[language] ?? []).some((pattern) => new RegExp(pattern.source, "m").test(text.trim()));
}

function braceInterface(code: string, language: string): string {
  const imports = (IMPORTS[language] ?? []).flatMap((pattern) =>
    [...code.matchAll(pattern)].map((m) => ({ at: m.index, text: m[0].trim() })),
  );
  const declarations = declarationsOf(pieces(code, language), language, "");
  const head = imports
    .sort((a, b) => a.at - b.at)
    .map((i) => i.text)
    .filter((text, i, all) => all.indexOf(text) === i);
  return [head.join("\n"), declarations.join("\n\n")].filter(Boolean).join("\n\n");
}

/** Each piece's interface: containers keep their members' interfaces, functions lose their bodies, data goes. */
function declarationsOf(list: Piece[], language: string, indent: string): string[] {
  const out: string[] = [];
  const indented = (text: string) =>
    text
      .split("\n")
      .map((line) => indent + line.trim())
      .join("\n");
  for (const piece of list) {
    const head = piece.head
      .split("\n")
      .filter((line) => !isImport(line, language))
      .join("\n")
      .trim();
    if (!head || CONTROL.test(head)) continue;
    if (piece.body === undefined) {
      // Inside a container, a declaration without a body (a field, an abstract method, a prototype) is its shape.
      if (indent) out.push(indented(head));
      else if (/^(export\s+)?(declare\s+)?(type|interface|typedef)\s/.test(head)) out.push(head);
      continue;
    }
    // A type alias of an object type, a C# property's accessors: shape, kept as written.
    if (/^(export\s+)?type\s[^=]*=$/.test(head) || /^\s*((\w+\s+)*(get|set|init)\s*;\s*)+$/.test(piece.body)) {
      out.push(indented(`${head} {${piece.body}}`.replace(/\s*\n\s*/g, " ")));
      continue;
    }
    if (CONTAINER.test(head.replace(/\([^)]*\)/g, "")) && !/=>$/.test(head) && !/=$/.test(head)) {
      const members = declarationsOf(pieces(piece.body, language), language, `${indent}    `);
      out.push(`${indented(head)} {\n${members.map((m) => `${m}\n`).join("")}${indent}}`);
      continue;
    }
    const callable = /\)\s*(:[^{]*|->[^{]*|\w[\w\s<>,:&*[\]]*)?$/.test(head) || /=>$/.test(head) || /\b(func|fn|function)\b/.test(head);
    if (!callable || ENTRY.test(head) || /=$/.test(head)) continue;
    out.push(`${indented(head)} { ${language === "bash" ? `${ELIDED};` : ELIDED} }`);
  }
  return out;
}
