import { LANGUAGE_NAMES, LANGUAGES, type Language } from "@/lib/languages";
import { firstDeclaration } from "@/lib/quality/declarations";
import { BANK, PROBLEMS } from "@/model-server/bank";
import type { BankProblem } from "@/model-server/bank/types";

/**
 * What the scripted server can read from a snippet quoted in a prompt, with no model: the function
 * it defines (name, signature), what its doc comment says it does, and the examples given there.
 * Answers built from these relate to the snippet asked about instead of to one of the bank's few
 * problems. Heuristics for the usual shapes (Python def + docstring; a C-family function or arrow
 * function after a block or line comment), not a parser: what it cannot read, it leaves out.
 */
export interface SnippetFacts {
  language: Language;
  code: string;
  name: string;
  /** The declaration line without its body, e.g. `def add(x: int, y: int) -> int`. */
  signature: string;
  /** What the doc comment says, examples left out, on one line (empty when there is none). */
  purpose: string;
  /** `call → expected` pairs from the doc comment's `>>>` examples. */
  examples: { call: string; expected: string }[];
}

const FENCE = /```([\w+#-]*)\n([\s\S]*?)```/g;

function languageOfFence(tag: string): Language | undefined {
  const normalized = tag.toLowerCase();
  const aliases: Record<string, Language> = { js: "javascript", ts: "typescript", py: "python", "c++": "cpp", cs: "csharp", sh: "bash" };
  if ((LANGUAGES as readonly string[]).includes(normalized)) return normalized as Language;
  return aliases[normalized];
}

/** The doc comment's text: a Python docstring, else the block or line comments before the declaration. */
function docText(code: string, declarationAt: number): string {
  const docstring = /("""|''')([\s\S]*?)\1/.exec(code.slice(declarationAt));
  if (docstring) return docstring[2]!;
  const before = code.slice(0, declarationAt);
  const block = /\/\*+([\s\S]*?)\*\/\s*(?:[\w\s<>[\],]*\{\s*)?$/.exec(before) ?? /\/\*+([\s\S]*?)\*\/[^/]*$/.exec(before);
  if (block) return block[1]!.replace(/^\s*\*\s?/gm, "");
  const lines = before.trimEnd().split("\n");
  const comments: string[] = [];
  for (let i = lines.length - 1; i >= 0 && /^\s*(\/\/|#)/.test(lines[i]!); i--)
    comments.unshift(lines[i]!.replace(/^\s*(\/\/+|#+)\s?/, ""));
  return comments.join("\n");
}

function examplesOf(doc: string): SnippetFacts["examples"] {
  const examples: SnippetFacts["examples"] = [];
  const lines = doc.split("\n").map((line) => line.trim());
  for (let i = 0; i < lines.length; i++) {
    const call = /^>>>\s*(.+)$/.exec(lines[i]!)?.[1];
    const expected = lines[i + 1];
    if (call && expected && !expected.startsWith(">>>")) examples.push({ call: call.trim(), expected: expected.trim() });
  }
  return examples;
}

function purposeOf(doc: string): string {
  // An example is a `>>>` line and the answer on the line after it: neither is the purpose.
  const lines = doc.split("\n");
  const text = lines
    .filter((line, i) => !/^\s*>>>/.test(line) && !/^\s*>>>/.test(lines[i - 1] ?? ""))
    .join("\n")
    .split(/\n\s*(?:>>>|for example|example|examples)\b/i)[0]!
    .replace(/\s+/g, " ")
    .trim();
  if (text.length <= 400) return text;
  return `${text.slice(0, 400).replace(/\s\S*$/, "")}…`;
}

/** The facts of one piece of code (null when it declares no function the heuristics can find). */
export function readSnippet(code: string, language: Language): SnippetFacts | null {
  const declaration = firstDeclaration(code);
  if (!declaration) return null;
  const doc = docText(code, declaration.index);
  return {
    language,
    code: code.trim(),
    name: declaration.name,
    signature: declaration.text
      .trim()
      .replace(/\s*\{$/, "")
      .replace(/:$/, ""),
    purpose: purposeOf(doc),
    examples: examplesOf(doc).slice(0, 5),
  };
}

/**
 * The first fenced code block of the prompt that declares a function (its fence names the
 * language), or the first in `prefer`red language when there is one: an agent asked for a language
 * works on the sample in that language if the discussion has one.
 */
export function snippetInPrompt(prompt: string, fallback: Language, prefer?: Language): SnippetFacts | null {
  // A discussion prompt quotes the agent's memory first; the samples to work on are in [Communication].
  const at = prompt.indexOf("[Communication]");
  let first: SnippetFacts | null = null;
  for (const match of prompt.slice(Math.max(0, at)).matchAll(FENCE)) {
    const facts = readSnippet(match[2]!, languageOfFence(match[1]!) ?? fallback);
    if (facts && (!prefer || facts.language === prefer)) return facts;
    first ??= facts;
  }
  return first;
}

const normalizeName = (name: string) => name.toLowerCase().replaceAll("_", "");

/** The bank problem whose function has this name in this language, if the bank has one. */
export function bankProblemNamed(name: string, language: Language): BankProblem | undefined {
  const wanted = normalizeName(name);
  return PROBLEMS.find((problem) => {
    const entry = BANK[language][problem.id];
    if (!entry) return false;
    const facts = readSnippet(entry.solution, language);
    return facts !== null && normalizeName(facts.name) === wanted;
  });
}

/** A problem statement for the snippet's function, in the voice of the bank's statements. */
export function statementFor(facts: SnippetFacts, language: Language, constraint: string): string {
  const purpose = facts.purpose ? ` ${facts.purpose.replace(/^[a-z]/, (c) => c.toUpperCase()).replace(/([^.!?…])$/, "$1.")}` : "";
  const examples = facts.examples.length
    ? ` For example: ${facts.examples
        .slice(0, 2)
        .map((e) => `${e.call} returns ${e.expected}`)
        .join("; ")}.`
    : "";
  return `Write a ${LANGUAGE_NAMES[language]} function \`${facts.name}\` with the signature \`${facts.signature}\`.${purpose}${examples} ${constraint}`;
}

/**
 * What a statement this server wrote (statementFor) says of its function, with the code it quotes
 * when there is some (an interface, for the independent test writer): the name, and the examples
 * given as "For example: call returns expected; …" (undefined when it names no function).
 */
export function statementFacts(prompt: string, language: Language, quoted: SnippetFacts | null): SnippetFacts | undefined {
  const name = functionNamedIn(prompt) ?? quoted?.name;
  if (!name) return undefined;
  const listed = /For example: ([\s\S]*?)\.(?= [A-Z]|\s*$)/.exec(prompt)?.[1] ?? "";
  const examples = listed
    .split("; ")
    .map((example) => /^(.*) returns (.*)$/.exec(example.trim()))
    .flatMap((match) => (match ? [{ call: match[1]!, expected: match[2]! }] : []));
  const signature = /with the signature `([^`]+)`/.exec(prompt)?.[1] ?? quoted?.signature ?? name;
  return { language: quoted?.language ?? language, code: quoted?.code ?? "", name, signature, purpose: quoted?.purpose ?? "", examples };
}

/** The function named in a statement this server wrote (`name` in backticks after "function"). */
export function functionNamedIn(prompt: string): string | undefined {
  return /function `(\w+)`/.exec(prompt)?.[1];
}

/**
 * Tests from the doc comment's examples, where the language's harness makes that a one-liner
 * (Python asserts, JavaScript/TypeScript checks that throw); elsewhere, or without examples, a
 * call of the function that at least must compile and run.
 */
export function testsFor(facts: SnippetFacts, language: Language): string {
  const examples = facts.examples;
  if (language === "python" && examples.length) return examples.map((e) => `assert ${e.call} == ${e.expected}`).join("\n");
  if ((language === "javascript" || language === "typescript") && examples.length)
    return examples
      .map(
        (e) =>
          `if (JSON.stringify(${e.call}) !== JSON.stringify(${e.expected})) throw new Error(${JSON.stringify(`${e.call} should be ${e.expected}`)});`,
      )
      .join("\n");
  const name = facts.name;
  switch (language) {
    case "python":
      return `assert callable(${name})`;
    case "javascript":
    case "typescript":
      return `if (typeof ${name} !== "function") throw new Error("${name} is missing");`;
    case "go":
      return `package main\n\nimport "testing"\n\nfunc TestDeclared(t *testing.T) {\n\t_ = ${name}\n}`;
    case "rust":
      return `#[cfg(test)]\nmod tests {\n    #[test]\n    fn declared() {\n        let _ = super::${name};\n    }\n}`;
    case "bash":
      return `declare -f ${name} > /dev/null || exit 1`;
    case "php":
      return `if (!function_exists('${name}')) exit(1);`;
    case "java":
      return `public class Main {\n    public static void main(String[] args) {\n        // ${name}: its doc comment gives no examples to check.\n    }\n}`;
    case "csharp":
      return `class Tests {\n    static void Main() {\n        // ${name}: its doc comment gives no examples to check.\n    }\n}`;
    default:
      return `int main() {\n    // ${name}: its doc comment gives no examples to check.\n    return 0;\n}`;
  }
}
