import { isJsonBlock } from "@/lib/llm/parse/candidates";
import { findFencedBlocks, type FencedBlock } from "@/lib/llm/parse/fences";
import { languageOf } from "@/lib/llm/parse/language";

/**
 * The markdown shape of a sample: prose and fenced code under headings ("## Instruction",
 * "### Problem", "**Solution:**", "Tests:", "2. Unit Tests"), headings matched by their words.
 */

export type SectionKey = "instruction" | "solution" | "tests" | "explanation" | "language";

const PHRASES: Record<SectionKey, readonly string[]> = {
  instruction: [
    "instruction",
    "instructions",
    "problem",
    "task",
    "question",
    "prompt",
    "exercise",
    "challenge",
    "problem statement",
    "task description",
    "problem description",
    "coding problem",
    "programming problem",
    "coding task",
    "programming task",
  ],
  solution: [
    "solution",
    "answer",
    "code",
    "implementation",
    "response",
    "program",
    "solution code",
    "code solution",
    "source code",
    "source",
  ],
  tests: ["tests", "test", "test cases", "test case", "unit tests", "unit test", "test suite", "testing", "test code", "tests code"],
  explanation: ["explanation", "rationale"],
  language: ["language", "programming language", "target language"],
};
const BY_PHRASE = new Map<string, SectionKey>(
  Object.entries(PHRASES).flatMap(([key, phrases]) => phrases.map((p) => [p, key as SectionKey] as const)),
);

/** Words that qualify a heading without changing what it names ("Revised Solution", "The Problem Statement"). */
const FILLER = new Set([
  "the",
  "a",
  "an",
  "my",
  "our",
  "your",
  "final",
  "revised",
  "proposed",
  "updated",
  "improved",
  "reference",
  "corrected",
  "fixed",
  "new",
  "complete",
  "full",
  "statement",
  "description",
  "sample",
  "here",
  "is",
  "are",
  "step",
  "part",
  "section",
]);
/** Words after which a heading only qualifies ("Tests using pytest", "Solution in Rust"). */
const TAIL = new Set(["using", "with", "in", "for", "via", "written"]);

/** The section a heading's words name, or null. */
export function headingKey(title: string): SectionKey | null {
  const words = title
    .toLowerCase()
    .replace(/\([^)]*\)/g, " ")
    .replace(/[^a-z0-9+# ]/g, " ")
    .split(/\s+/)
    .filter((w) => w && !/^(\d+|[ivx]+)$/.test(w));
  const whole = BY_PHRASE.get(words.join(" "));
  if (whole) return whole;
  const cut = words.findIndex((w) => TAIL.has(w));
  const core = (cut === -1 ? words : words.slice(0, cut)).filter((w) => !FILLER.has(w) && !languageOf(w));
  return BY_PHRASE.get(core.join(" ")) ?? null;
}

interface Heading {
  key: SectionKey | null;
  /** Text after the heading on its line ("**Solution:** use a map"). */
  inline: string;
  /** 1–6 for # headings (setext: 1 or 2); a bold line or a "Label:" ranks below any of them. */
  level: number;
}

const ATX = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const STRONG = /^\s*(?:[-*+]\s+|\d+[.)]\s*)?(\*\*|__)(.+?)\1\s*:?\s*(.*)$/;
const LABEL = /^\s*(?:[-*+]\s+|\d+[.)]\s*)?([A-Za-z][\w &/()+#.-]{0,40}?)\s*:\s*(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+([A-Za-z][\w &/()+#.-]{0,40}?)\s*:?\s*$/;
const SETEXT = /^\s{0,3}(=+|-+)\s*$/;
const WEAK = 7;

/** Splits "Solution: use a map" into the title and what follows the colon. */
function titled(text: string, level: number): Heading {
  const colon = text.indexOf(":");
  const title = colon === -1 ? text : text.slice(0, colon);
  return { key: headingKey(title.replace(/[*_`]/g, "")), inline: colon === -1 ? "" : text.slice(colon + 1).trim(), level };
}

/** A line read as a heading; a plain "Label:" or "2. Label" line only when it names a section ("Note: …" is prose). */
function headingOf(line: string, next: string | undefined): Heading | undefined {
  const atx = ATX.exec(line);
  if (atx) return titled(atx[2]!.replace(/[*_]/g, ""), atx[1]!.length);
  const strong = STRONG.exec(line);
  if (strong) {
    const heading = titled(strong[2]!, WEAK);
    return { ...heading, inline: [heading.inline, strong[3]!.trim()].filter(Boolean).join(" ") };
  }
  if (line.trim() && next !== undefined && SETEXT.test(next)) {
    // Setext only when it names a section: "---" under a paragraph is more often a rule.
    const heading = titled(line.trim(), next.trim().startsWith("=") ? 1 : 2);
    return heading.key ? heading : undefined;
  }
  const label = LABEL.exec(line) ?? NUMBERED.exec(line);
  const key = label ? headingKey(label[1]!) : null;
  return key ? { key, inline: (label![2] ?? "").trim(), level: WEAK } : undefined;
}

export interface Section {
  key: SectionKey | null;
  text: string;
  blocks: FencedBlock[];
}

/**
 * The answer cut at its headings; the text before the first is a section with no key. A heading
 * that names a section always starts one; another heading ends the section it is in only if it
 * ranks as high ("## Complexity" after "## Solution"), so "**Constraints:**" or "### Example"
 * inside a problem statement stays part of it.
 */
export function readSections(answer: string): Section[] {
  const blocks = findFencedBlocks(answer);
  const lines = answer.split("\n");
  const sections: { key: SectionKey | null; level: number; inline: string; from: number; to: number }[] = [
    { key: null, level: 0, inline: "", from: 0, to: answer.length },
  ];
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const start = offset;
    offset += lines[i]!.length + 1;
    if (blocks.some((b) => start >= b.start && start < b.end)) continue;
    const heading = headingOf(lines[i]!, lines[i + 1]);
    const current = sections.at(-1)!;
    if (!heading || (!heading.key && (heading.level === WEAK || heading.level > current.level))) continue;
    if (!ATX.test(lines[i]!) && !STRONG.test(lines[i]!) && SETEXT.test(lines[i + 1] ?? "")) offset += lines[++i]!.length + 1;
    current.to = start;
    sections.push({ ...heading, from: Math.min(offset, answer.length), to: answer.length });
  }
  return sections.map(({ key, inline, from, to }) => ({
    key,
    text: [inline, answer.slice(from, to).trim()].filter(Boolean).join("\n"),
    blocks: blocks.filter((b) => b.start >= from && b.start < to),
  }));
}

export interface MarkdownSample {
  instruction?: string;
  solution?: string;
  /** The solution block's fence label, for the sample's language. */
  solutionLabel?: string;
  tests?: string;
  explanation?: string;
  language?: string;
  /** Whether any heading named a section; without one, contracts fall back to bare code blocks. */
  headed: boolean;
  /** Every code block of the answer (JSON blocks left out) and the prose before the first. */
  codeBlocks: FencedBlock[];
  preamble: string;
}

const XML_OPEN = /^([ \t]*)<([A-Za-z][\w -]{0,40})>/gm;
const XML_CLOSE = /<\/([A-Za-z][\w -]{0,40})>/g;

/** Prose with its section tags written as headings; a closing tag ends the section as a rank-2 heading would. */
function tagsToHeadings(prose: string): string {
  return prose
    .replace(XML_OPEN, (tag, indent: string, name: string) => (headingKey(name) ? `${indent}\n## ${name}\n` : tag))
    .replace(XML_CLOSE, (tag, name: string) => (headingKey(name) ? "\n## /\n" : tag));
}

/**
 * XML-style sections (`<instruction>…</instruction>`, `<solution>` at a line start) written as the
 * headings they stand for. Fenced code is left as it is, and so are tags that name no section.
 */
export function tagsAsHeadings(answer: string): string {
  let out = "";
  let from = 0;
  for (const block of findFencedBlocks(answer)) {
    out += tagsToHeadings(answer.slice(from, block.start)) + answer.slice(block.start, block.end);
    from = block.end;
  }
  return out + tagsToHeadings(answer.slice(from));
}

/** What the markdown answer says under each heading: the first section of each kind with something in it. */
export function readMarkdownSample(written: string): MarkdownSample {
  const answer = tagsAsHeadings(written);
  const sections = readSections(answer);
  // Code that no fence closed may be cut off: it is never taken as a solution or tests.
  const codeBlocks = findFencedBlocks(answer).filter((b) => b.closed && !isJsonBlock(b));
  const sample: MarkdownSample = {
    headed: sections.some((s) => s.key),
    codeBlocks,
    preamble: answer.slice(0, codeBlocks[0]?.start ?? answer.length).trim(),
  };
  for (const section of sections) {
    const { key, text } = section;
    if (!key || sample[key] !== undefined) continue;
    if (key === "solution" || key === "tests") {
      const code = section.blocks.find((b) => b.closed && !isJsonBlock(b));
      if (!code) continue;
      sample[key] = code.content;
      if (key === "solution") sample.solutionLabel = code.label;
    } else if (text) sample[key] = key === "language" ? text.split("\n")[0]!.trim() : text;
  }
  return sample;
}
