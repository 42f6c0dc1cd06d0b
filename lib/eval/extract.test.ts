import { describe, expect, it } from "vitest";
import { braceBalance, extractCode, programFor, stripReasoning } from "@/lib/eval/extract";

const py = {
  language: "python",
  entryPoint: "add",
  prompt: 'from typing import List\n\n\ndef add(a: int, b: int) -> int:\n    """Add two numbers."""\n',
};
const java = {
  language: "java",
  entryPoint: "add",
  prompt: "import java.util.*;\nimport java.lang.*;\n\nclass Solution {\n    public int add(int a, int b) {\n",
};
const js = { language: "javascript", entryPoint: "add", prompt: "/* Add two numbers. */\nconst add = (a, b) => {\n" };

describe("extractCode", () => {
  it("takes a fenced block with a language tag, among prose", () => {
    const answer = "Here is the solution:\n\n```python\ndef add(a, b):\n    return a + b\n```\n\nThis adds the two numbers.";
    expect(extractCode(answer, "python", "add")).toBe("def add(a, b):\n    return a + b");
  });

  it("takes a fenced block without a tag", () => {
    expect(extractCode("```\n    return a + b\n```", "python", "add")).toBe("    return a + b");
  });

  it("of several blocks, takes the one that defines the entry point", () => {
    const answer = "Usage:\n```python\nprint(add(1, 2))\n```\nImplementation:\n```python\ndef add(a, b):\n    return a + b\n```\n";
    expect(extractCode(answer, "python", "add")).toBe("def add(a, b):\n    return a + b");
  });

  it("prefers the block in the language asked", () => {
    const answer = "```bash\npip install nothing\n```\n```java\npublic int add(int a, int b) {\n    return a + b;\n}\n```";
    expect(extractCode(answer, "java", "add")).toContain("return a + b;");
  });

  it("strips a reasoning block, closed or only closed at its end", () => {
    expect(stripReasoning("<think>use ```python\nx\n```</think>\nanswer")).toBe("answer");
    expect(extractCode("<think>\ndef add(a, b): pass\n</think>\n```python\ndef add(a, b):\n    return a + b\n```", "python", "add")).toBe(
      "def add(a, b):\n    return a + b",
    );
    expect(stripReasoning("thinking first\n</think>\nanswer")).toBe("answer");
  });

  it("without a fence, drops the prose lines around the code", () => {
    const answer = "Sure, here is the completed function.\ndef add(a, b):\n    return a + b\nThis runs in constant time.";
    expect(extractCode(answer, "python", "add")).toBe("def add(a, b):\n    return a + b");
  });

  it("keeps an answer cut inside its fence", () => {
    expect(extractCode("```go\nfunc Add(a, b int) int {\n\treturn a + b\n}", "go", "Add")).toContain("return a + b");
  });

  it("finds nothing in an empty answer or one of reasoning only", () => {
    expect(extractCode("", "python")).toBeNull();
    expect(extractCode("<think>hmm</think>", "python")).toBeNull();
  });
});

describe("programFor", () => {
  it("Python: a body is joined to the prompt, indented when given flush left", () => {
    expect(programFor(py, "    return a + b")).toBe(`${py.prompt}    return a + b\n`);
    expect(programFor(py, "return a + b")).toBe(`${py.prompt}    return a + b\n`);
  });

  it("Python: a whole function keeps the prompt's imports", () => {
    const program = programFor(py, "def add(a: int, b: int) -> int:\n    return a + b");
    expect(program).toBe("from typing import List\n\n\ndef add(a: int, b: int) -> int:\n    return a + b\n");
  });

  it("Java: a body that closes only the method gets the class closed", () => {
    const program = programFor(java, "        return a + b;\n    }");
    expect(braceBalance(program)).toBe(0);
    expect(program.startsWith(java.prompt)).toBe(true);
  });

  it("Java: the method alone is put inside the prompt's class", () => {
    const program = programFor(java, "public int add(int a, int b) {\n    return a + b;\n}");
    expect(program).toContain("class Solution {\npublic int add");
    expect(braceBalance(program)).toBe(0);
  });

  it("Java: the whole class keeps only the imports it lacks", () => {
    const program = programFor(
      java,
      "import java.util.*;\n\nclass Solution {\n    public int add(int a, int b) {\n        return a + b;\n    }\n}",
    );
    expect(program.match(/import java\.util/g)).toHaveLength(1);
    expect(program).toContain("import java.lang.*;");
    expect(program.match(/class Solution/g)).toHaveLength(1);
  });

  it("JavaScript: an arrow function's body, and a rewritten whole function", () => {
    expect(programFor(js, "  return a + b;\n}")).toBe(`${js.prompt}  return a + b;\n}\n`);
    expect(programFor(js, "const add = (a, b) => {\n  return a + b;\n};")).toBe(
      "/* Add two numbers. */\nconst add = (a, b) => {\n  return a + b;\n};\n",
    );
    expect(programFor(js, "function add(a, b) { return a + b; }")).toContain("function add(a, b)");
  });

  it("Go: a body without the closing brace is closed", () => {
    const go = { language: "go", entryPoint: "Add", prompt: 'import (\n    "math"\n)\n\n// Add.\nfunc Add(a, b int) int {\n' };
    expect(braceBalance(programFor(go, "\treturn a + b"))).toBe(0);
    expect(programFor(go, "func Add(a, b int) int {\n\treturn a + b\n}")).toContain('"math"');
  });

  it("does not count braces in strings and comments", () => expect(braceBalance("x = \"{\"; // }\n/* { */ y = '}';")).toBe(0));
});
