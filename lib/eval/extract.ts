import type { EvalProblem } from "@/lib/eval/types";

/**
 * The code in a model's answer, as real models give it: a fenced block (tagged or not, among
 * several), the whole function or only its body, prose before and after, a <think> block first.
 * Then the program part the harness runs: the prompt re-joined with a body, or the model's whole
 * function put where the prompt's would stand.
 */

const FENCE_TAGS: Record<string, string[]> = {
  python: ["python", "py", "python3"],
  javascript: ["javascript", "js", "node", "jsx"],
  typescript: ["typescript", "ts", "tsx"],
  java: ["java"],
  cpp: ["cpp", "c++", "cc", "cxx", "c", "hpp"],
  csharp: ["csharp", "cs", "c#"],
  php: ["php"],
  go: ["go", "golang"],
  rust: ["rust", "rs"],
  bash: ["bash", "sh", "shell"],
};

/** The answer without reasoning: closed <think>…</think> blocks, or an unclosed one's text up to a lone </think>. */
export function stripReasoning(answer: string): string {
  let text = answer.replace(/<think(?:ing)?>[\s\S]*?<\/think(?:ing)?>/gi, "");
  const close = text.search(/<\/think(?:ing)?>/i);
  if (close >= 0) text = text.slice(close).replace(/^<\/think(?:ing)?>/i, "");
  return text.trim();
}

interface Block {
  tag: string;
  code: string;
}

function fencedBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (const match of text.matchAll(/(^|\n)[ \t]*(`{3,}|~{3,})[ \t]*([\w#+.-]*)[^\n]*\n([\s\S]*?)\n[ \t]*\2[ \t]*(?=\n|$)/g))
    blocks.push({ tag: match[3]!.toLowerCase(), code: match[4]! });
  // An answer cut off inside its only fence: the code up to the end.
  if (!blocks.length) {
    const open = /(^|\n)[ \t]*```[ \t]*([\w#+.-]*)[^\n]*\n([\s\S]*)$/.exec(text);
    if (open) blocks.push({ tag: open[2]!.toLowerCase(), code: open[3]! });
  }
  return blocks;
}

/** A line of prose rather than code: words and sentence punctuation, none of code's marks. */
const isProse = (line: string) =>
  /^[A-Z*_][^;{}=<>()[\]`]*$/.test(line.trim()) && (line.trim().match(/[A-Za-z]+/g) ?? []).length >= 3 && !/^\s/.test(line);

/** The code of an answer (null when there is none): the block that defines the entry point, else the language's first. */
export function extractCode(answer: string, language: string, entryPoint?: string): string | null {
  const text = stripReasoning(answer);
  if (!text) return null;
  const blocks = fencedBlocks(text);
  if (blocks.length) {
    const tags = FENCE_TAGS[language] ?? [language];
    const ours = blocks.filter((block) => !block.tag || tags.includes(block.tag));
    const candidates = ours.length ? ours : blocks;
    const defining = entryPoint ? candidates.find((block) => definitionAt(block.code, entryPoint, language) >= 0) : undefined;
    const chosen = defining ?? candidates.find((block) => entryPoint && block.code.includes(entryPoint)) ?? candidates[0]!;
    return chosen.code.trim() ? chosen.code.replace(/\s+$/, "") : null;
  }
  // No fence: the prose lines around the code are dropped.
  const lines = text.split("\n");
  let start = 0;
  let end = lines.length;
  while (start < end && (isProse(lines[start]!) || !lines[start]!.trim())) start += 1;
  while (end > start && (isProse(lines[end - 1]!) || !lines[end - 1]!.trim())) end -= 1;
  const code = lines.slice(start, end).join("\n");
  return code.trim() ? code : null;
}

const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The character offset of the line that defines `name` (not calls it), or -1. */
export function definitionAt(source: string, name: string, language: string): number {
  const n = escape(name);
  const pattern =
    language === "python"
      ? new RegExp(`^[ \\t]*(?:async\\s+)?def\\s+${n}\\s*\\(`, "m")
      : language === "go"
        ? new RegExp(`^[ \\t]*func\\s+(?:\\([^)]*\\)\\s*)?${n}\\s*[(\\[]`, "m")
        : language === "rust"
          ? new RegExp(`^[ \\t]*(?:pub\\s+)?fn\\s+${n}\\b`, "m")
          : // C-like: `function f(`, `const f =`, or a signature `… f(…) {` that is neither a call nor a statement.
            new RegExp(
              `^[ \\t]*(?:(?:export\\s+)?(?:async\\s+)?function\\s*\\*?\\s*${n}\\b|(?:export\\s+)?(?:const|let|var)\\s+${n}\\s*[=:]|(?!\\s*return\\b)[^=;\\n(]*\\b${n}\\s*\\([^;\\n]*(?:\\{\\s*)?$)`,
              "m",
            );
  return source.search(pattern);
}

/** Code with its string and char literals and comments blanked, for counting braces. */
function codeOnly(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`/g, " ");
}

/** Unclosed `{` in `source` (negative: more closed than opened). */
export function braceBalance(source: string): number {
  const code = codeOnly(source);
  return (code.match(/\{/g)?.length ?? 0) - (code.match(/\}/g)?.length ?? 0);
}

/** A body written flush left (models often drop the indentation) indented under the prompt's `def`. */
function indentPythonBody(body: string): string {
  const first = body.split("\n").find((line) => line.trim());
  if (!first || /^\s/.test(first)) return body;
  return body
    .split("\n")
    .map((line) => (line.trim() ? `    ${line}` : line))
    .join("\n");
}

const IMPORT_LINE =
  /^\s*(?:import\b|from\s+\S+\s+import\b|#include\b|using\s+[\w.]+\s*;|using\s+namespace\b|use\s+[\w:{}, *]+;|package\s+\w+|require\b|<\?php)/;

/**
 * The program part to run before the tests: the prompt and a body, or the model's whole function
 * (with what came before the prompt's own signature, or, when the answer holds the whole file with
 * the prompt's class or namespace, with only the prompt's imports it lacks). Braces left open are
 * closed, as a body that stops at the function's end leaves its class open.
 */
export function programFor(problem: Pick<EvalProblem, "prompt" | "language" | "entryPoint">, code: string): string {
  const { prompt, language, entryPoint } = problem;
  const at = entryPoint ? definitionAt(code, entryPoint, language) : -1;
  let program: string;
  if (at < 0) {
    const body = language === "python" ? indentPythonBody(code) : code;
    program = `${prompt}${body}`;
  } else {
    const promptAt = definitionAt(prompt, entryPoint!, language);
    const prefix = promptAt >= 0 ? prompt.slice(0, promptAt) : "";
    const openers = prefix
      .split("\n")
      .filter((line) => braceBalance(line) > 0)
      .map((line) => line.trim().replace(/\s*\{$/, ""));
    const wholeFile = openers.length > 0 && openers.every((opener) => code.includes(opener));
    if (wholeFile) {
      const missing = prefix.split("\n").filter((line) => IMPORT_LINE.test(line) && !code.includes(line.trim()));
      program = `${missing.join("\n")}${missing.length ? "\n" : ""}${code}`;
    } else program = `${prefix}${code}`;
  }
  if (language === "python") return `${program}\n`;
  const open = braceBalance(program);
  return open > 0 ? `${program}\n${"}\n".repeat(open)}` : `${program}\n`;
}
