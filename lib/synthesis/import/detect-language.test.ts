import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BANK } from "@/model-server/bank";
import { LANGUAGES } from "@/lib/languages";
import { detectLanguage, normalizeLanguageName } from "@/lib/synthesis/import/detect-language";
import { sharedDataDir } from "@/lib/testing/shared-data";

const HUMANEVAL_X = { cpp: "cpp", go: "go", java: "java", js: "javascript", python: "python", rust: "rust" } as const;

const dataDir = sharedDataDir();

describe("detectLanguage", () => {
  it.skipIf(!dataDir).each(Object.entries(HUMANEVAL_X))("recognises HumanEval-X %s solutions from their code alone", (file, language) => {
    const rows = readFileSync(`${dataDir}/humaneval-x/humaneval_${file}.jsonl`, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { prompt: string; declaration?: string; canonical_solution: string });
    const right = rows.filter(
      (row) => detectLanguage({ code: (row.declaration ?? row.prompt) + row.canonical_solution }) === language,
    ).length;
    expect(right / rows.length).toBeGreaterThanOrEqual(0.95);
  });

  it("recognises every language of the model server's bank from its code alone", () => {
    for (const language of LANGUAGES)
      for (const entry of Object.values(BANK[language])) expect(detectLanguage({ code: entry.solution }), language).toBe(language);
  });

  it("trusts the file name first, then a shebang, and answers other when nothing convinces", () => {
    expect(detectLanguage({ code: "whatever", filePath: "a/b/c.rs" })).toBe("rust");
    expect(detectLanguage({ code: "x", filePath: "view.TSX" })).toBe("typescript");
    expect(detectLanguage({ code: "#!/usr/bin/env python3\nprint(1)\n", filePath: "tool" })).toBe("python");
    const byShebang = {
      "#!/usr/bin/env python3.12": "python",
      "#!/bin/dash": "bash",
      "#!/bin/sh -e": "bash",
      "#!/usr/bin/env -S node --no-warnings": "javascript",
      "#!/usr/bin/env ts-node": "typescript",
      "#!/usr/bin/env -S npx tsx": "typescript",
      "#!/usr/bin/env rust-script": "rust",
    };
    for (const [line, language] of Object.entries(byShebang))
      expect(detectLanguage({ code: `${line}\nmain()\n`, filePath: "script" }), line).toBe(language);
    expect(detectLanguage({ code: "Dear diary, today was fine." })).toBe("other");
    expect(detectLanguage({ code: "SELECT name FROM users WHERE id = 1;" })).toBe("other");
  });

  it("reads language names as people write them", () => {
    expect(normalizeLanguageName("C++")).toBe("cpp");
    expect(normalizeLanguageName(" Py ")).toBe("python");
    expect(normalizeLanguageName("golang")).toBe("go");
    expect(normalizeLanguageName("cobol")).toBeUndefined();
  });
});
