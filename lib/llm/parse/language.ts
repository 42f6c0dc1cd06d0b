import { LANGUAGES, type Language } from "@/lib/languages";
import { canon } from "@/lib/llm/parse/keys";

/** Spellings of each language's name, after `spelling()`: "C++" → "cpp", "C#" → "csharp", "Node.js" → "nodejs". */
const SPELLINGS: Record<Language, readonly string[]> = {
  python: ["python", "py", "cpython"],
  javascript: ["javascript", "js", "node", "nodejs", "ecmascript", "es", "mjs"],
  typescript: ["typescript", "ts"],
  java: ["java"],
  cpp: ["cpp", "cplusplus", "cxx", "cc", "hpp"],
  csharp: ["csharp", "cs", "dotnet"],
  php: ["php"],
  bash: ["bash", "sh", "shell", "shellscript", "bashscript", "posixshell"],
  go: ["go", "golang"],
  rust: ["rust", "rs"],
};

const BY_SPELLING = new Map<string, Language>(LANGUAGES.flatMap((language) => SPELLINGS[language].map((s) => [s, language] as const)));

/** Lowercase, "++" and "#" spelled out, punctuation and a trailing version ("python3", "C++17") dropped. */
function spelling(name: string): string {
  const spelled = canon(name.toLowerCase().replace(/\+\+/g, "pp").replace(/#/g, "sharp"));
  return spelled.replace(/(?<=[a-z])\d+$/, "");
}

/**
 * The language a name means, or undefined. A name of several words ("JavaScript (Node.js)",
 * "Python 3") is read whole, then word by word if all its known words agree on one language.
 */
export function languageOf(name: string): Language | undefined {
  const whole = BY_SPELLING.get(spelling(name)) ?? BY_SPELLING.get(canon(name));
  if (whole) return whole;
  const found = new Set(
    name
      .split(/[\s()/,;]+/)
      .map((word) => BY_SPELLING.get(spelling(word)))
      .filter((l) => l !== undefined),
  );
  return found.size === 1 ? [...found][0] : undefined;
}

/** A language field: a known name becomes its canonical id; missing takes the language asked for. */
export function readLanguage(value: unknown, asked: Language | undefined): unknown {
  if (value === undefined || value === null || (typeof value === "string" && !value.trim())) return asked ?? value;
  if (typeof value !== "string") return value;
  return languageOf(value) ?? value;
}
