import { z } from "zod";

/**
 * The languages Rosetta synthesizes and verifies, and how people write their names. Everything that
 * speaks of a language (the UI, the sandbox, the LLM contracts, the importer) reads it from here.
 */
export const LANGUAGES = ["python", "javascript", "typescript", "java", "cpp", "csharp", "php", "bash", "go", "rust"] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

/** How people write each language's name. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  python: "Python",
  javascript: "JavaScript",
  typescript: "TypeScript",
  java: "Java",
  cpp: "C++",
  csharp: "C#",
  php: "PHP",
  bash: "Bash",
  go: "Go",
  rust: "Rust",
};
