import { describe, expect, it } from "vitest";
import { readInstructionRecord, responseLanguage } from "@/lib/synthesis/import/instruction-records";

describe("instruction records", () => {
  it("reads the aliases and the shapes, and says what is wrong with the rest", () => {
    expect(readInstructionRecord({ instruction: "Add.", solution: "a + b", language: "py" })).toEqual({
      pair: { instruction: "Add.", response: "a + b", language: "py", license: undefined, repo: undefined },
    });
    const sharegpt = {
      conversations: [
        { from: "system", value: "Be kind." },
        { from: "user", value: "Add." },
        { from: "assistant", value: "a + b" },
      ],
    };
    expect(readInstructionRecord(sharegpt)).toMatchObject({ pair: { instruction: "Add.", response: "a + b" } });
    expect(readInstructionRecord({ instruction: "Add.", input: "", output: "a + b" })).toMatchObject({ pair: { instruction: "Add." } });
    expect(readInstructionRecord([1])).toEqual({ reason: "unknown-shape", detail: "a line should be a JSON object" });
    expect(readInstructionRecord({ messages: [{ role: "user", content: "Add." }] })).toMatchObject({ reason: "unknown-shape" });
    expect(readInstructionRecord({ instruction: " ", response: "x" })).toEqual({ reason: "empty", detail: "empty instruction" });
    expect(readInstructionRecord({ instruction: "Add.", response: "a + b" }, "messages")).toMatchObject({ reason: "unknown-shape" });
  });

  it("takes a response's language from its first tagged fence, else from its code", () => {
    expect(responseLanguage("Here:\n```text\nout\n```\n```ts\nconst x = 1;\n```")).toBe("typescript");
    expect(responseLanguage("```\npackage main\n\nfunc main() {\n\tx := 1\n\tfmt.Println(x)\n}\n```")).toBe("go");
    expect(responseLanguage("Just say hello.")).toBe("other");
  });
});
