/**
 * Where a function is declared in a piece of code, by regular expressions for the usual shapes of
 * the ten languages (Python def; Go func; Rust fn; JavaScript/TypeScript/PHP function or arrow
 * function; a C-family method with a return type). Heuristics, not a parser: the interface
 * extraction (interface.ts) and the scripted model server's reading of snippets share them.
 */
export const DECLARATIONS: RegExp[] = [
  /^\s*def\s+(\w+)\s*\([^)]*\)[^:\n]*:?/m,
  /^\s*func\s+(?:\([^)]*\)\s*)?(\w+)\s*\([^)]*\)[^{\n]*/m,
  /^\s*(?:pub\s+)?fn\s+(\w+)\s*(?:<[^>]*>)?\s*\([^)]*\)[^{\n]*/m,
  /^\s*(?:export\s+)?(?:async\s+)?function\s+(\w+)\s*\([^)]*\)[^{\n]*/m,
  /^\s*(?:export\s+)?(?:const|let|var)\s+(\w+)\s*=\s*(?:async\s*)?\([^)]*\)[^=\n]*=>/m,
  // Java, C#, C++: a method or function with a return type (control keywords are not names).
  /^\s*(?:(?:public|private|protected|static|final|virtual|override|inline|const)\s+)*[\w<>[\],.:*&? ]+?\s+(?!if\b|for\b|while\b|switch\b|return\b|catch\b|new\b)(\w+)\s*\([^)]*\)\s*(?:const\s*)?(?:throws [\w, ]+)?\s*\{/m,
  /^\s*function\s+(\w+)\s*\([^)]*\)/m,
];

/** The first function declared in `code`: its name, its declaration text and where it starts. */
export function firstDeclaration(code: string): { name: string; text: string; index: number } | null {
  for (const pattern of DECLARATIONS) {
    const match = pattern.exec(code);
    if (match) return { name: match[1]!, text: match[0], index: match.index };
  }
  return null;
}
