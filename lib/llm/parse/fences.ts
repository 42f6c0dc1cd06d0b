/**
 * Fenced code blocks, read as CommonMark reads them: the opening fence (``` or ~~~, three or
 * more) starts a line, and only a line holding a fence of the same character, at least as long,
 * closes it. A ``` inside a JSON string is mid-line (the string's newlines are escaped), so it
 * never ends a block. Two departures, for what models write: a fence may be indented as deep as a
 * list nests it, and a block whose closing fence is glued to its last line (`}````) or that sits
 * on one line (```json {…}```) still counts.
 */

export interface FencedBlock {
  /** The info string's first word, lowercased ("json", "python", "c++"), or "" when unlabelled. */
  label: string;
  content: string;
  /** Where the block, fences included, starts and ends in the text. */
  start: number;
  end: number;
  /** False when no fence closed it and it ran to the end of the text: the answer may be cut off. */
  closed: boolean;
}

interface Line {
  text: string;
  start: number;
  end: number;
}

const OPENING = /^([ \t]*)(`{3,}|~{3,})(.*)$/;
const ONE_LINE = /^[ \t]*(`{3,})([A-Za-z][\w+#.-]*)?[ \t]*(\S.*?)[ \t]*\1[ \t]*$/;
const CLOSING = /^([ \t]*)(`{3,}|~{3,})[ \t]*$/;
const GLUED_CLOSING = /(`{3,}|~{3,})[ \t]*$/;

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    lines.push({ text: text.slice(start, end).replace(/\r$/, ""), start, end });
    if (newline === -1) break;
    start = newline + 1;
  }
  return lines;
}

function labelOf(info: string): string {
  return (/^[^\s{:,]+/.exec(info.trim())?.[0] ?? "").toLowerCase();
}

/** Every fenced block of the text, in order; fences inside a block are its content. */
export function findFencedBlocks(text: string): FencedBlock[] {
  const lines = linesOf(text);
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const open = OPENING.exec(line.text);
    if (!open) continue;
    const [, indent = "", fence = "", info = ""] = open;
    if (fence[0] === "`" && info.includes("`")) {
      const oneLine = ONE_LINE.exec(line.text);
      if (oneLine)
        blocks.push({ label: (oneLine[2] ?? "").toLowerCase(), content: oneLine[3]!, start: line.start, end: line.end, closed: true });
      continue; // otherwise inline code, not a fence
    }
    const label = labelOf(info);
    const block = readBody(lines, i, indent.length, fence);
    // "```json {" — the value began on the fence line (but "```python {.numberLines}" is attributes).
    const spill = info.trim().slice(label.length).trim();
    const content = /^[{[]\s*(["'{[\]}]|$)/.test(spill) ? [spill, ...block.content] : block.content;
    blocks.push({ label, content: content.join("\n"), start: line.start, end: lines[block.last]!.end, closed: block.closed });
    i = block.last;
  }
  return blocks;
}

/**
 * The content lines after an opening fence, and the index of the block's last line. A block that
 * no fence line closes may still end on a content line its fence is glued to (`}````); if not,
 * it runs to the end of the text, as CommonMark says.
 */
function readBody(lines: Line[], openedAt: number, indent: number, fence: string): { content: string[]; last: number; closed: boolean } {
  const dedent = new RegExp(`^[ \\t]{0,${indent}}`);
  const sameFence = (found: string) => found[0] === fence[0] && found.length >= fence.length;
  for (let j = openedAt + 1; j < lines.length; j++) {
    const close = CLOSING.exec(lines[j]!.text);
    if (close && sameFence(close[2]!) && close[1]!.length <= indent + 3) {
      return { content: lines.slice(openedAt + 1, j).map((l) => l.text.replace(dedent, "")), last: j, closed: true };
    }
  }
  for (let j = openedAt + 1; j < lines.length; j++) {
    const glued = GLUED_CLOSING.exec(lines[j]!.text);
    if (!glued || !sameFence(glued[1]!)) continue;
    const content = lines.slice(openedAt + 1, j + 1).map((l) => l.text.replace(dedent, ""));
    content[content.length - 1] = lines[j]!.text.slice(0, glued.index).replace(dedent, "");
    return { content, last: j, closed: true };
  }
  return { content: lines.slice(openedAt + 1).map((l) => l.text.replace(dedent, "")), last: lines.length - 1, closed: false };
}

/** The code inside a value that is one fenced block and nothing else, else undefined. */
export function unfence(value: string): string | undefined {
  const trimmed = value.trim();
  if (!/^(`{3,}|~{3,})/.test(trimmed)) return undefined;
  const blocks = findFencedBlocks(trimmed);
  return blocks.length === 1 && blocks[0]!.start === 0 && blocks[0]!.end === trimmed.length ? blocks[0]!.content : undefined;
}
