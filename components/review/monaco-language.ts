/** Monaco's language ids for Rosetta's languages (plain text for anything else). */
const MONACO_LANGUAGE: Record<string, string> = {
  python: "python",
  javascript: "javascript",
  typescript: "typescript",
  java: "java",
  cpp: "cpp",
  csharp: "csharp",
  php: "php",
  bash: "shell",
  go: "go",
  rust: "rust",
  markdown: "markdown",
};

export function monacoLanguage(language: string): string {
  return MONACO_LANGUAGE[language] ?? "plaintext";
}
