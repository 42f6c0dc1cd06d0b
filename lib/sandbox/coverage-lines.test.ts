import { describe, expect, it } from "vitest";
import { codeStretches, decodeMappings, goPoints, lineCoverage, mapPoints, v8Points } from "@/lib/sandbox/coverage-lines";

const codeLines = (text: string) => [...new Set(codeStretches(text).map((stretch) => stretch.line))];

describe("codeStretches", () => {
  it("skips blank lines, comments and lines of only brackets and separators", () => {
    const source = [
      "function f() {",
      "  // a comment",
      "",
      "  /* a block",
      "     comment */",
      "  return g(1,",
      "  );",
      "}",
      "x = 1; // tail",
    ].join("\n");
    expect(codeLines(source)).toEqual([0, 5, 8]);
  });

  it("reads strings as code, comment markers inside them included", () => {
    expect(codeLines('const url = "http://example.com";\n"/* not a comment";\nreal();')).toEqual([0, 1, 2]);
    expect(codeLines("const t = `first\n}\n// still the string`;\nnext();")).toEqual([0, 1, 2, 3]);
  });

  it("gives each stretch its offset in the whole text", () => {
    const source = "a;\n  bc d";
    expect(codeStretches(source).map(({ line, start, offset }) => [line, start, offset])).toEqual([
      [0, 0, 0],
      [1, 2, 5],
      [1, 5, 8],
    ]);
  });
});

describe("lineCoverage", () => {
  it("counts a line once, covered when any of its code ran, and only the solution's lines", () => {
    const points = [
      { line: 0, column: 0, hit: true },
      { line: 1, column: 0, hit: false },
      { line: 1, column: 4, hit: true },
      { line: 2, column: 0, hit: false },
      { line: 5, column: 0, hit: true },
    ];
    expect(lineCoverage(points, 3)).toEqual({ covered: 2, total: 3, ratio: 2 / 3 });
  });

  it("is undefined for a solution with no executable line", () => {
    expect(lineCoverage([{ line: 4, column: 0, hit: true }], 3)).toBeUndefined();
  });
});

describe("v8Points", () => {
  it("judges each stretch by the innermost range around it", () => {
    const source = "function f(x) {\n  if (x) {\n    return 1;\n  }\n  return 0;\n}\nf(1);\n";
    const afterIf = source.indexOf("}\n  return 0") + 1;
    const functions = [
      { ranges: [{ startOffset: 0, endOffset: source.length, count: 1 }] },
      {
        ranges: [
          { startOffset: 0, endOffset: source.indexOf("\nf(1)"), count: 1 },
          { startOffset: afterIf, endOffset: source.indexOf("\n}\nf") + 1, count: 0 },
        ],
      },
    ];
    expect(lineCoverage(v8Points(source, functions), 6)).toEqual({ covered: 3, total: 4, ratio: 3 / 4 });
  });
});

describe("goPoints", () => {
  const source = [
    "package main",
    "",
    "func Sign(x int) string {",
    "\tif x > 0 {",
    '\t\treturn "+" // positive',
    "\t} else if x < 0 {",
    '\t\treturn "-"',
    "\t}",
    '\treturn "0"',
    "}",
  ].join("\n");
  // What `go test -coverprofile` writes for it after Sign(1): columns in bytes, ends exclusive.
  const profile = [
    "mode: set",
    "/src/main.go:3.25,4.11 1 1",
    "/src/main.go:9.2,9.12 1 0",
    "/src/main.go:4.11,6.3 1 1",
    "/src/main.go:6.8,6.18 1 0",
    "/src/main.go:6.18,8.3 1 0",
    "/src/other.go:1.1,99.1 1 1",
  ].join("\n");

  it("counts code inside cover blocks only, a line covered when a block over its code ran", () => {
    const points = goPoints(source, profile, "main.go");
    expect([...new Set(points.map((point) => point.line + 1))]).toEqual([4, 5, 6, 7, 9]);
    expect(lineCoverage(points, 10)).toEqual({ covered: 2, total: 5, ratio: 2 / 5 });
  });

  it("ignores other files' blocks and rows it cannot read", () => {
    expect(goPoints(source, "mode: set\n/src/other.go:1.1,99.1 1 1\nnot a row", "main.go")).toEqual([]);
  });
});

describe("source maps", () => {
  // tsc's map for "interface P { x: number }\ntype Q = string;\nfunction f(p: P): number {\n  if (p.x > 0) {…".
  const mappings = "AAEA,SAAS,CAAC,CAAC,CAAC,CAAI;IACb,IAAI,CAAC,CAAC,CAAC,GAAG,CAAC,EAAE,CAAC;QACZ,OAAO,CAAC,CAAC;IACX,CAAC";

  it("decodes each generated line's segments to original lines", () => {
    const lines = decodeMappings(mappings);
    expect(lines[0]![0]).toEqual([0, 2]);
    expect(lines[1]![0]).toEqual([4, 3]);
    expect(lines[2]![0]).toEqual([8, 4]);
  });

  it("moves points to the original line of the segment at or before them, dropping unmapped ones", () => {
    const points = [
      { line: 1, column: 4, hit: true },
      { line: 2, column: 8, hit: false },
      { line: 9, column: 0, hit: true },
    ];
    expect(mapPoints(points, mappings)).toEqual([
      { line: 3, column: 4, hit: true },
      { line: 4, column: 8, hit: false },
    ]);
  });
});
