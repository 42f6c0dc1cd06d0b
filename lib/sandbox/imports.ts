import type { Language } from "@/lib/languages";

/**
 * Tests are written to stand on their own, so they often bring imports; appended after the
 * solution, those land where the language does not allow them (Java's imports and C#'s using
 * directives must precede every type, a Go import every declaration) or repeat one the solution
 * made (Rust refuses the same name imported twice). Each is moved or dropped here so the program
 * compiles as the test's author meant. A program whose imports are already in place is left
 * untouched, line numbers included.
 */

/** Java and C#: the imports anywhere in the program, gathered at its top (after Java's package clause). */
export function hoistDirectives(language: "java" | "csharp", program: string): string {
  const directive =
    language === "java"
      ? /^\s*import\s+(?:static\s+)?[A-Za-z_][\w.]*(?:\.\*)?\s*;\s*$/
      : /^\s*using\s+(?:static\s+)?(?:[A-Za-z_]\w*\s*=\s*)?[A-Za-z_][\w.]*(?:<[^;]*>)?\s*;\s*$/;
  const preamble = language === "java" ? /^\s*package\s+[\w.]+\s*;\s*$/ : /^\s*extern\s+alias\s+\w+\s*;\s*$/;
  const lines = program.split("\n");
  const bodyStart = lines.findIndex((line) => !directive.test(line) && !preamble.test(line) && !isCommentOrBlank(line));
  if (bodyStart < 0 || !lines.slice(bodyStart).some((line) => directive.test(line))) return program;
  const head = lines.filter((line) => preamble.test(line));
  const directives = unique(lines.filter((line) => directive.test(line)).map((line) => line.trim()));
  const rest = lines.filter((line) => !directive.test(line) && !preamble.test(line));
  return [...head, ...directives, "", ...rest].join("\n");
}

const isCommentOrBlank = (line: string) => /^\s*(?:$|\/\/|\/\*|\*)/.test(line);
const unique = (items: string[]) => [...new Set(items)];

/**
 * Go: one file's import declarations (single or grouped, wherever they are) as one group after its
 * package clause; `testing` added to a test file that uses it without importing it.
 */
export function placeGoImports(source: string, { testFile }: { testFile: boolean }): string {
  const lines = source.split("\n");
  const specs: string[] = [];
  const rest: string[] = [];
  let packageClause: string | undefined;
  let inGroup = false;
  let misplaced = false;
  let declared = false;
  for (const line of lines) {
    if (inGroup) {
      if (/^\s*\)/.test(line)) inGroup = false;
      else if (line.trim() && !line.trim().startsWith("//")) specs.push(line.trim());
      continue;
    }
    const single = /^\s*import\s+((?:[\w.]+\s+)?"[^"]+")\s*(?:\/\/.*)?$/.exec(line);
    const oneLineGroup = /^\s*import\s*\(([^)]*)\)\s*$/.exec(line);
    if (single || oneLineGroup || /^\s*import\s*\(\s*(?:\/\/.*)?$/.test(line)) {
      if (declared) misplaced = true;
      if (single) specs.push(single[1]!);
      else if (oneLineGroup) specs.push(...(oneLineGroup[1]!.match(/(?:[\w.]+\s+)?"[^"]+"/g) ?? []));
      else inGroup = true;
      continue;
    }
    if (!packageClause && /^\s*package\s+\w+/.test(line)) {
      packageClause = line.trim();
      continue;
    }
    if (!isCommentOrBlank(line)) declared = true;
    rest.push(line);
  }
  const imported = (path: string) => specs.some((spec) => spec.endsWith(`"${path}"`));
  const needsTesting = testFile && /\btesting\.[TBMF]\b/.test(source) && !imported("testing");
  // A missing package clause alone is the harness's to add (lib/sandbox/languages.ts), without moving anything.
  if (!misplaced && !needsTesting) return source;
  const all = unique([...(needsTesting ? ['"testing"'] : []), ...specs]);
  const group = all.length ? [`import (\n${all.map((spec) => `\t${spec}`).join("\n")}\n)`, ""] : [];
  return [packageClause ?? "package main", "", ...group, ...rest].join("\n");
}

/**
 * Rust: a top-level `use` in the tests that brings a name the solution's top-level `use` already
 * brought is dropped (or, in a `{…}` group, loses that name); the rest stays where it is, since
 * Rust allows `use` anywhere an item may stand.
 */
export function dropRepeatedRustUses(code: string, tests: string): string {
  const bound = new Set(topLevelUses(code).flatMap((use) => use.items.map((item) => item.name)));
  if (!bound.size) return tests;
  return tests
    .split("\n")
    .flatMap((line) => {
      const use = parseUse(line);
      if (!use || use.glob) return [line];
      const fresh = use.items.filter((item) => !bound.has(item.name));
      if (fresh.length === use.items.length) return [line];
      if (!fresh.length) return [];
      return [use.grouped ? `use ${use.prefix}::{${fresh.map((item) => item.text).join(", ")}};` : line];
    })
    .join("\n");
}

type RustUse = { prefix: string; grouped: boolean; glob: boolean; items: { text: string; name: string }[] };

function topLevelUses(source: string): RustUse[] {
  return source.split("\n").flatMap((line) => parseUse(line) ?? []);
}

/** A one-line, unindented (so top-level) `use`: `use a::b;`, `use a::b as c;`, `use a::{b, c as d, self};`, `use a::*;`. */
function parseUse(line: string): RustUse | undefined {
  const match = /^(?:pub(?:\([^)]*\))?\s+)?use\s+([^;{]+?)(?:::\{([^{}]*)\})?\s*;\s*$/.exec(line);
  if (!match) return undefined;
  const path = match[1]!.trim();
  if (match[2] === undefined) {
    if (path.endsWith("*")) return { prefix: path, grouped: false, glob: true, items: [] };
    return { prefix: path, grouped: false, glob: false, items: [{ text: path, name: boundName(path) }] };
  }
  const items = match[2]
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.some((item) => item.endsWith("*"))) return { prefix: path, grouped: true, glob: true, items: [] };
  return {
    prefix: path,
    grouped: true,
    glob: false,
    items: items.map((item) => ({ text: item, name: item === "self" ? boundName(path) : boundName(item) })),
  };
}

/** The name a use path binds: its alias, or its last segment. */
function boundName(path: string): string {
  const alias = /\bas\s+(\w+)\s*$/.exec(path);
  return alias ? alias[1]! : path.split("::").at(-1)!.trim();
}

/** The code and tests of one item, their imports placed so that the program compiles (see above). */
export function placeImports(language: Language, code: string, tests: string): { code: string; tests: string } {
  switch (language) {
    case "go":
      return { code: code.trim() ? placeGoImports(code, { testFile: false }) : code, tests: placeGoImports(tests, { testFile: true }) };
    case "rust":
      return { code, tests: dropRepeatedRustUses(code, tests) };
    default:
      return { code, tests };
  }
}
