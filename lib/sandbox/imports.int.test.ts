import { afterAll, describe, expect, it } from "vitest";
import type { Language } from "@/lib/languages";
import { isolationSupport } from "@/lib/sandbox/isolation";
import { detectToolchains } from "@/lib/sandbox/toolchains";
import { SandboxPool } from "@/lib/sandbox/verify";

/**
 * Tests that bring their own imports (`import java.util.*;`, `using System.Linq;`, `import
 * "strings"`, `use std::collections::HashMap;`) compile with the solution they are appended to:
 * real compilers in the real sandbox. Each program passes, and its broken twin fails (so a pass is
 * the tests running, not the tests vanishing).
 */

const support = isolationSupport();
const { available } = await detectToolchains("/usr/local/bin:/usr/bin:/bin");
const pool = new SandboxPool(2);
afterAll(() => pool.close());

const CASES: { name: string; language: Language; code: string; broken: string; tests: string }[] = [
  {
    name: "Java: the tests' imports after the solution's class",
    language: "java",
    code: "import java.util.*;\n\nclass Solution {\n    static int distinct(int[] xs) {\n        Set<Integer> seen = new HashSet<>();\n        for (int x : xs) seen.add(x);\n        return seen.size();\n    }\n}",
    broken: "class Solution {\n    static int distinct(int[] xs) {\n        return xs.length;\n    }\n}",
    tests:
      'import java.util.*;\nimport java.util.stream.Collectors;\n\npublic class Main {\n    public static void main(String[] args) {\n        List<Integer> xs = Arrays.asList(1, 2, 2);\n        String joined = xs.stream().map(String::valueOf).collect(Collectors.joining(","));\n        if (!joined.equals("1,2,2")) throw new AssertionError(joined);\n        if (Solution.distinct(new int[] {1, 2, 2}) != 2) throw new AssertionError("distinct");\n    }\n}',
  },
  {
    name: "C#: the tests' using directives after the solution's class",
    language: "csharp",
    code: "using System;\n\nclass Solution {\n    public static int Twice(int x) { return x * 2; }\n}",
    broken: "using System;\n\nclass Solution {\n    public static int Twice(int x) { return x * 3; }\n}",
    tests:
      "using System.Linq;\nusing System.Collections.Generic;\n\nclass Tests {\n    static void Main() {\n        var doubled = new List<int> { 1, 2, 3 }.Select(Solution.Twice).ToList();\n        if (doubled.Sum() != 12) Environment.Exit(1);\n    }\n}",
  },
  {
    name: "Go: a test file that starts with its import (no package clause, no import of testing)",
    language: "go",
    code: 'package main\n\nimport "strings"\n\nfunc shout(s string) string { return strings.ToUpper(s) + "!" }\n\nfunc main() {}',
    broken: 'package main\n\nfunc shout(s string) string { return s + "!" }\n\nfunc main() {}',
    tests:
      'import "strings"\n\nfunc TestShout(t *testing.T) {\n\tif got := shout("hi"); !strings.HasPrefix(got, "HI") {\n\t\tt.Errorf("shout(hi) = %q", got)\n\t}\n}',
  },
  {
    name: "Go: an import after a declaration",
    language: "go",
    code: "package main\n\nfunc twice(n int) int { return 2 * n }\n\nfunc main() {}",
    broken: "package main\n\nfunc twice(n int) int { return n + 2 }\n\nfunc main() {}",
    tests:
      'package main\n\nimport "testing"\n\nfunc TestTwice(t *testing.T) {\n\tif twice(5) != 10 {\n\t\tt.Fatal(fmt.Sprint(twice(5)))\n\t}\n}\n\nimport "fmt"',
  },
  {
    name: "Rust: the tests import what the solution already imported",
    language: "rust",
    code: "use std::collections::HashMap;\n\nfn count_words(text: &str) -> HashMap<String, usize> {\n    let mut counts = HashMap::new();\n    for word in text.split_whitespace() {\n        *counts.entry(word.to_string()).or_insert(0) += 1;\n    }\n    counts\n}",
    broken:
      "use std::collections::HashMap;\n\nfn count_words(text: &str) -> HashMap<String, usize> {\n    text.split_whitespace().map(|w| (w.to_string(), 1)).collect()\n}",
    tests:
      'use std::collections::{HashMap, HashSet};\n\nfn main() {\n    let counts: HashMap<String, usize> = count_words("a b a");\n    assert_eq!(counts["a"], 2);\n    let words: HashSet<&String> = counts.keys().collect();\n    assert_eq!(words.len(), 2);\n}',
  },
];

describe.skipIf(!support.ok)("imports inside a test", () => {
  it.each(CASES.map((c) => [available.includes(c.language) ? c.name : `${c.name} (skipped: no ${c.language} toolchain)`, c] as const))(
    "%s",
    async (_, c) => {
      if (!available.includes(c.language)) return;
      const [right, wrong] = await Promise.all([
        pool.verify({ language: c.language, code: c.code, tests: c.tests }),
        pool.verify({ language: c.language, code: c.broken, tests: c.tests }),
      ]);
      expect(right.status, right.reason).toBe("pass");
      expect(wrong.status, wrong.reason).toBe("fail");
    },
  );
});
