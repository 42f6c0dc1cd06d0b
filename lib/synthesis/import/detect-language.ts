import path from "node:path";
import type { Language } from "@/lib/languages";

export type DetectedLanguage = Language | "other";

const EXTENSIONS: Record<string, Language> = {
  ".py": "python",
  ".pyw": "python",
  ".js": "javascript",
  ".mjs": "javascript",
  ".cjs": "javascript",
  ".jsx": "javascript",
  ".ts": "typescript",
  ".mts": "typescript",
  ".cts": "typescript",
  ".tsx": "typescript",
  ".java": "java",
  ".cpp": "cpp",
  ".cc": "cpp",
  ".cxx": "cpp",
  ".hpp": "cpp",
  ".hh": "cpp",
  ".hxx": "cpp",
  ".cs": "csharp",
  ".php": "php",
  ".sh": "bash",
  ".bash": "bash",
  ".go": "go",
  ".rs": "rust",
};

/** The interpreter a script names; TypeScript's runners before Node's, since `ts-node` ends in `node`. */
const SHEBANGS: [RegExp, Language][] = [
  [/^#!.*\b(python[23]?|pypy3?)\b/, "python"],
  [/^#!.*\b(bash|sh|zsh|ksh|dash|ash)\b/, "bash"],
  [/^#!.*\b(ts-node|tsx)\b/, "typescript"],
  [/^#!.*\b(node|deno|bun)\b/, "javascript"],
  [/^#!.*\brust-script\b/, "rust"],
  [/^#!.*\bphp\b/, "php"],
];

/** Features that point at a language when there is no file name; each adds its weight. */
const FEATURES: Record<Language, [RegExp, number][]> = {
  python: [
    [/^\s*def \w+\(.*\)\s*(->\s*[\w\[\], .]+)?:\s*$/m, 3],
    [/^\s*(from [\w.]+ )?import [\w., ]+$/m, 1],
    [/^\s*(if|for|while|elif|else|try|except|with|class)\b.*:\s*$/m, 2],
    [/\bself\b/, 1],
    [/\bNone\b|\bTrue\b|\bFalse\b/, 1],
    [/^\s*return\b(?!.*;\s*$)/m, 1],
  ],
  javascript: [
    [/\bfunction\s*\w*\s*\(/, 2],
    [/\b(const|let|var)\s+\w+\s*=/, 2],
    [/=>\s*[{(\w]/, 1],
    [/\bconsole\.log\(|\brequire\(|module\.exports|\bexport (default )?function\b/, 2],
    [/===|!==/, 1],
    [/\bfunction\s+\w+\s*\([^):]*\)\s*\{/, 2],
  ],
  typescript: [
    [/:\s*(string|number|boolean|void|any|unknown|never)\b[\]\[]*\s*[,)=;{]/, 4],
    [/\binterface \w+\s*\{|\btype \w+\s*=/, 3],
    [/\bfunction\s*\w*\s*\(/, 1],
    [/\b(const|let)\s+\w+\s*[:=]/, 1],
    [/<\w+>\(|as const\b|\breadonly\b/, 2],
  ],
  java: [
    [/\b(public|private|protected)\s+(static\s+)?[\w<>\[\], ]+\s+\w+\s*\(/, 3],
    [/\bclass \w+/, 1],
    [/System\.out\.print|import java\./, 4],
    [/\bString\[\]|\bnew \w+(<.*>)?\(/, 1],
    [/\b(int|long|boolean|double)\s+\w+\s*[=;]/, 1],
    [/\bboolean\b|\bString\b|\.length\b(?!\()|\{@code|\bfinal\b/, 2],
    [/\bstatic\s+(int|long|boolean|String|void|double|char)(\[\])*\s+[a-z]\w*\s*\(/, 3],
  ],
  cpp: [
    [/#include\s*<\w+(\.h)?>/, 4],
    [/\bstd::/, 4],
    [/\busing namespace std\b/, 4],
    [/\b(int|void|bool|auto)\s+\w+\s*\([^)]*\)\s*\{/, 1],
    [/->\w+|::\w+/, 1],
    [/\bunsigned\b|\blong long\b|\bsize_t\b|\bconst \w+&|\bnullptr\b/, 3],
  ],
  csharp: [
    [/\busing System(\.\w+)*;/, 5],
    [/\bnamespace \w+/, 1],
    [/\bpublic (static )?(class|void|int|string|bool)\b/, 1],
    [/Console\.Write/, 4],
    [/\bstring\b.*\bvar\b|\bvar \w+ = new\b/, 1],
    [/\{\s*get;\s*(set;)?\s*\}/, 4],
    [/\bstatic\s+(int|long|bool|string|void|double|char)(\[\])*\s+[A-Z]\w*\s*\(/, 3],
    [/^\s*\/\/\/ /m, 3],
    [/\.Length\b|\bbool\b/, 2],
  ],
  php: [
    [/<\?php/, 8],
    [/\$\w+\s*=|\$this->/, 3],
    [/\bfunction \w+\(.*\$\w+/, 3],
    [/\becho\b/, 1],
  ],
  bash: [
    [/^\s*(if|while|for)\b.*;\s*(then|do)\b/m, 4],
    [/\b(fi|done|esac)\b/, 3],
    [/\$\{?\w+\}?|\$\(/, 1],
    [/^\s*\w+\(\)\s*\{/m, 2],
    [/\becho\b/, 1],
    [/\[\[ .* \]\]/, 3],
  ],
  go: [
    [/^package \w+/m, 5],
    [/\bfunc (\(\w+ \*?\w+\) )?\w+\(/, 4],
    [/:=/, 2],
    [/\bfmt\.\w+\(/, 3],
    [/^import \(/m, 2],
  ],
  rust: [
    [/\bfn \w+(<.*>)?\(/, 3],
    [/\blet mut\b/, 4],
    [/\bimpl\b|\bpub fn\b|&mut |&str\b|Vec<|Option<|Result</, 3],
    [/\w+!\(/, 2],
    [/\buse \w+::/, 3],
  ],
};

/**
 * The language of a snippet: the file name when there is one, else a shebang, else the language
 * whose features the code shows most. "other" when nothing is convincing.
 */
export function detectLanguage({ code, filePath }: { code: string; filePath?: string }): DetectedLanguage {
  if (filePath) {
    const extension = path.extname(filePath).toLowerCase();
    if (extension in EXTENSIONS) return EXTENSIONS[extension]!;
    // .h: C or C++; Rosetta's C-family language is C++.
    if (extension === ".h") return "cpp";
  }
  const firstLine = code.slice(0, code.indexOf("\n") >>> 0);
  for (const [pattern, language] of SHEBANGS) if (pattern.test(firstLine)) return language;

  let best: DetectedLanguage = "other";
  let bestScore = 2; // below this, nothing is convincing
  for (const [language, features] of Object.entries(FEATURES) as [Language, [RegExp, number][]][]) {
    const score = features.reduce((sum, [pattern, weight]) => sum + (pattern.test(code) ? weight : 0), 0);
    if (score > bestScore) {
      best = language;
      bestScore = score;
    }
  }
  return best;
}

/** Languages by name as people write them in JSONL ("py", "C++", "js"…). */
const ALIASES: Record<string, Language> = {
  python: "python",
  py: "python",
  python3: "python",
  javascript: "javascript",
  js: "javascript",
  node: "javascript",
  typescript: "typescript",
  ts: "typescript",
  java: "java",
  cpp: "cpp",
  "c++": "cpp",
  cxx: "cpp",
  csharp: "csharp",
  "c#": "csharp",
  cs: "csharp",
  php: "php",
  bash: "bash",
  sh: "bash",
  shell: "bash",
  go: "go",
  golang: "go",
  rust: "rust",
  rs: "rust",
};

export function normalizeLanguageName(name: string): Language | undefined {
  return ALIASES[name.trim().toLowerCase()];
}
