import { describe, expect, it } from "vitest";
import { dropRepeatedRustUses, hoistDirectives, placeGoImports } from "@/lib/sandbox/imports";

/** Where the tests' imports go (that the results compile is in imports.int.test.ts, with real compilers). */

describe("hoistDirectives", () => {
  it("gathers Java imports after the package clause, once each", () => {
    const program =
      "package demo;\nimport java.util.*;\n\nclass Solution {}\n\nimport java.util.*;\nimport static java.lang.Math.max;\n\npublic class Main {}\n";
    expect(hoistDirectives("java", program)).toBe(
      "package demo;\nimport java.util.*;\nimport static java.lang.Math.max;\n\n\nclass Solution {}\n\n\npublic class Main {}\n",
    );
  });

  it("gathers C# using directives, aliases and static ones, but not using statements", () => {
    const program =
      "using System;\nclass Solution {}\nusing System.Linq;\nusing Ints = System.Collections.Generic.List<int>;\nclass Tests {\n    static void Main() {\n        using (var s = new System.IO.MemoryStream()) {}\n    }\n}";
    const hoisted = hoistDirectives("csharp", program);
    expect(hoisted.split("\n").slice(0, 3)).toEqual([
      "using System;",
      "using System.Linq;",
      "using Ints = System.Collections.Generic.List<int>;",
    ]);
    expect(hoisted).toContain("        using (var s = new System.IO.MemoryStream()) {}");
  });

  it("leaves a program whose directives are in place untouched", () => {
    const program = "// header\nimport java.util.*;\n\npublic class Main { /* import x; */ }\n";
    expect(hoistDirectives("java", program)).toBe(program);
  });
});

describe("placeGoImports", () => {
  it("moves an import that follows a declaration up to the package clause", () => {
    const source = 'package main\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n\nimport (\n\t"fmt"\n\tstr "strings"\n)\n';
    expect(placeGoImports(source, { testFile: true })).toBe(
      'package main\n\nimport (\n\t"testing"\n\t"fmt"\n\tstr "strings"\n)\n\n\n\nfunc TestX(t *testing.T) {}\n\n',
    );
  });

  it("imports testing for a test file that uses it without importing it", () => {
    const placed = placeGoImports('import "strings"\n\nfunc TestX(t *testing.T) { _ = strings.ToUpper("a") }', { testFile: true });
    expect(placed).toMatch(/^package main\n\nimport \(\n\t"testing"\n\t"strings"\n\)\n/);
  });

  it("leaves a file whose imports are in place untouched (the package clause is the harness's to add)", () => {
    const source = '// Tests.\nimport (\n\t"testing"\n)\n\nfunc TestX(t *testing.T) {}\n';
    expect(placeGoImports(source, { testFile: true })).toBe(source);
  });
});

describe("dropRepeatedRustUses", () => {
  const code = "use std::collections::HashMap;\nuse std::io::{self, Write};\n\nfn f() {}";

  it("drops a top-level use of a name the solution already brought, or that name from a group", () => {
    const tests =
      "use std::collections::HashMap;\nuse std::collections::{HashMap, HashSet};\nuse std::io;\nuse std::fmt::Write as FmtWrite;\n\nfn main() {}";
    expect(dropRepeatedRustUses(code, tests)).toBe("use std::collections::{HashSet};\nuse std::fmt::Write as FmtWrite;\n\nfn main() {}");
  });

  it("keeps uses inside modules and functions, and globs", () => {
    const tests = "use std::collections::*;\n#[cfg(test)]\nmod tests {\n    use super::*;\n    use std::collections::HashMap;\n}";
    expect(dropRepeatedRustUses(code, tests)).toBe(tests);
  });
});
