import { LANGUAGES, type Language } from "@/lib/languages";
import { BANK } from "@/model-server/bank";

/** One progress bar line on stderr, redrawn in place. */
export function bar(label: string, done: number, total: number) {
  const width = 30;
  const filled = total ? Math.min(width, Math.round((done / total) * width)) : 0;
  process.stderr.write(`\r${label.padEnd(26)} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}   `);
}

/** Distinct snippets: the model server bank's solutions in `languages`, each copy marked by a comment. */
export function benchSnippets(count: number, languages: readonly Language[] = LANGUAGES) {
  const sources = languages.flatMap((language) =>
    Object.entries(BANK[language]).map(([id, entry]) => ({ language, id, code: entry.solution })),
  );
  return Array.from({ length: count }, (_, i) => {
    const source = sources[i % sources.length]!;
    const comment = source.language === "python" || source.language === "bash" ? "#" : "//";
    return {
      code: `${source.code}\n${comment} variant ${i}\n`,
      language: source.language,
      path: `bench/${source.language}/${source.id}/${i}`,
    };
  });
}
