import type { Coverage } from "@/lib/sandbox/verify";

/**
 * From what a runtime measured (V8's block ranges, Go's cover blocks) to lines of the solution. A
 * line counts when it holds code: not blank, not a comment, not only brackets and separators (a
 * closing `}` is not a statement). It is covered when any of its code was executed, as a Python line
 * is when its line event fires.
 */

/** A place in the source: 0-based line and column, and whether the code there ran. */
export interface Point {
  line: number;
  column: number;
  hit: boolean;
}

/** A stretch of code on one line (0-based line, [start, end) columns, `offset` of its start in the text). */
interface Stretch {
  line: number;
  start: number;
  end: number;
  offset: number;
}

const SEPARATORS = new Set([..."{}()[];,"]);

/**
 * The code of a C-like source (JavaScript, TypeScript, Go) line by line, skipping comments; string
 * contents count as code. Regular-expression literals are not told apart from division, which at
 * worst counts a line holding one a little differently.
 */
export function codeStretches(text: string): Stretch[] {
  const stretches: Stretch[] = [];
  let line = 0;
  let lineStart = 0;
  let open: Stretch | undefined;
  let quote: string | undefined;
  let comment: "line" | "block" | undefined;
  const close = (at: number) => {
    if (open) stretches.push({ ...open, end: at - lineStart });
    open = undefined;
  };
  const code = (at: number) => {
    open ??= { line, start: at - lineStart, end: at - lineStart, offset: at };
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === "\n") {
      close(i);
      line++;
      lineStart = i + 1;
      if (comment === "line") comment = undefined;
      if (quote === '"' || quote === "'") quote = undefined; // an unterminated string ends with its line
      continue;
    }
    if (comment === "line") continue;
    if (comment === "block") {
      if (char === "*" && text[i + 1] === "/") {
        comment = undefined;
        i++;
      }
      continue;
    }
    if (quote) {
      code(i);
      if (char === "\\") i++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) {
      close(i);
      comment = text[i + 1] === "/" ? "line" : "block";
      i++;
      continue;
    }
    if (char === '"' || char === "'" || char === "`") {
      code(i);
      quote = char;
      continue;
    }
    if (/\s/.test(char) || SEPARATORS.has(char)) close(i);
    else code(i);
  }
  close(text.length);
  return stretches;
}

/** Lines 1..`lines` (1-based, the solution's), from points on 0-based lines. */
export function lineCoverage(points: Iterable<Point>, lines: number): Coverage | undefined {
  const executable = new Set<number>();
  const covered = new Set<number>();
  for (const point of points) {
    if (point.line >= lines) continue;
    executable.add(point.line);
    if (point.hit) covered.add(point.line);
  }
  if (!executable.size) return undefined;
  return { covered: covered.size, total: executable.size, ratio: covered.size / executable.size };
}

export interface V8Range {
  startOffset: number;
  endOffset: number;
  count: number;
}

/** Each stretch of code hit when the innermost V8 range around its start ran (ranges nest; the innermost is the smallest). */
export function v8Points(source: string, functions: { ranges: V8Range[] }[]): Point[] {
  const ranges = functions.flatMap((fn) => fn.ranges);
  return codeStretches(source).map((stretch) => {
    let best: V8Range | undefined;
    for (const range of ranges) {
      if (range.startOffset > stretch.offset || range.endOffset <= stretch.offset) continue;
      if (!best || range.endOffset - range.startOffset <= best.endOffset - best.startOffset) best = range;
    }
    return { line: stretch.line, column: stretch.start, hit: (best?.count ?? 0) > 0 };
  });
}

/**
 * Go's cover profile (`go test -coverprofile`, `file:line.col,line.col statements count`, columns in
 * bytes, end exclusive) for the file named `file`: a stretch of code is in a block when one of its
 * bytes is; code in no block (declarations, a function's signature) is not executable.
 */
export function goPoints(source: string, profile: string, file: string): Point[] {
  const blocks = profile.split("\n").flatMap((row) => {
    const match = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) \d+ (\d+)$/.exec(row.trim());
    if (!match || !(match[1] === file || match[1]!.endsWith(`/${file}`))) return [];
    const [startLine, startColumn, endLine, endColumn, count] = match.slice(2).map(Number) as [number, number, number, number, number];
    return [{ start: [startLine, startColumn], end: [endLine, endColumn], count }];
  });
  const before = (a: number[], b: number[]) => a[0]! < b[0]! || (a[0] === b[0] && a[1]! < b[1]!);
  // Latin-1 over the UTF-8 bytes: one character per byte, so columns are Go's.
  const bytes = Buffer.from(source, "utf8").toString("latin1");
  return codeStretches(bytes).flatMap((stretch) => {
    let inBlock = false;
    let hit = false;
    for (let column = stretch.start + 1; column <= stretch.end; column++) {
      const at = [stretch.line + 1, column];
      for (const block of blocks) {
        if (before(at, block.start) || !before(at, block.end)) continue;
        inBlock = true;
        if (block.count > 0) hit = true;
      }
    }
    return inBlock ? [{ line: stretch.line, column: stretch.start, hit }] : [];
  });
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * A source map's mappings (version 3, one source), per generated line: its segments'
 * [generated column, original line], both 0-based.
 */
export function decodeMappings(mappings: string): [number, number][][] {
  let sourceLine = 0;
  return mappings.split(";").map((group) => {
    let column = 0;
    const segments: [number, number][] = [];
    for (const segment of group.split(",")) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        if (digit < 0) return segments;
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        sourceLine += fields[2]!;
        segments.push([column, sourceLine]);
      }
    }
    return segments;
  });
}

/** Points in emitted JavaScript moved to the original lines a source map gives them; points with no mapping are dropped. */
export function mapPoints(points: Point[], mappings: string): Point[] {
  const lines = decodeMappings(mappings);
  return points.flatMap((point) => {
    const segments = lines[point.line] ?? [];
    const segment = segments.findLast(([column]) => column <= point.column);
    return segment ? [{ ...point, line: segment[1] }] : [];
  });
}
