/**
 * Just enough Markdown for the dataset card, parsed into blocks: YAML front matter, headings,
 * paragraphs, lists, tables, code fences and rules. Inline, only `code` and **bold**. Anything else
 * stays the plain text it is. Kept apart from rendering so it can be tested without a browser.
 */
export type Block =
  | { kind: "frontMatter"; text: string }
  | { kind: "code"; text: string }
  | { kind: "heading"; level: number; text: string }
  | { kind: "table"; head: string[]; rows: string[][] }
  | { kind: "list"; items: string[] }
  | { kind: "rule" }
  | { kind: "paragraph"; text: string };

export type Inline = { kind: "text" | "code" | "bold"; text: string };

const FENCE = /^```/;
const HEADING = /^(#{1,6}) /;
const TABLE = /^\s*\|/;
const TABLE_RULE = /^\s*\|?\s*:?-{2,}/;
const LIST = /^\s*([-*]|\d+\.) /;
const RULE = /^(-{3,}|\*{3,})\s*$/;
const startsBlock = (line: string) => FENCE.test(line) || HEADING.test(line) || TABLE.test(line) || LIST.test(line) || RULE.test(line);

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((cell) => cell.trim());

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n/g, "\n").split("\n");
  const blocks: Block[] = [];
  let i = 0;
  if (lines[0] === "---") {
    const end = lines.indexOf("---", 1);
    if (end > 0) {
      blocks.push({ kind: "frontMatter", text: lines.slice(1, end).join("\n") });
      i = end + 1;
    }
  }
  while (i < lines.length) {
    const line = lines[i]!;
    if (FENCE.test(line)) {
      const body: string[] = [];
      for (i++; i < lines.length && !FENCE.test(lines[i]!); i++) body.push(lines[i]!);
      i++; // the closing fence
      blocks.push({ kind: "code", text: body.join("\n") });
    } else if (HEADING.test(line)) {
      const level = HEADING.exec(line)![1]!.length;
      blocks.push({ kind: "heading", level, text: line.slice(level + 1).trim() });
      i++;
    } else if (TABLE.test(line)) {
      const rows: string[][] = [];
      for (; i < lines.length && TABLE.test(lines[i]!); i++) if (!TABLE_RULE.test(lines[i]!)) rows.push(cells(lines[i]!));
      blocks.push({ kind: "table", head: rows[0] ?? [], rows: rows.slice(1) });
    } else if (LIST.test(line)) {
      const items: string[] = [];
      for (; i < lines.length && LIST.test(lines[i]!); i++) items.push(lines[i]!.replace(LIST, ""));
      blocks.push({ kind: "list", items });
    } else if (RULE.test(line)) {
      blocks.push({ kind: "rule" });
      i++;
    } else if (line.trim() === "") {
      i++;
    } else {
      const paragraph: string[] = [];
      for (; i < lines.length && lines[i]!.trim() !== "" && !startsBlock(lines[i]!); i++) paragraph.push(lines[i]!.trim());
      blocks.push({ kind: "paragraph", text: paragraph.join(" ") });
    }
  }
  return blocks;
}

export function parseInline(text: string): Inline[] {
  return text
    .split(/(`[^`]+`|\*\*[^*]+\*\*)/g)
    .filter((part) => part !== "")
    .map((part) => {
      if (/^`[^`]+`$/.test(part)) return { kind: "code", text: part.slice(1, -1) };
      if (/^\*\*[^*]+\*\*$/.test(part)) return { kind: "bold", text: part.slice(2, -2) };
      return { kind: "text", text: part };
    });
}
