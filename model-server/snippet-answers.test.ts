import { execFileSync } from "node:child_process";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  discussionPrompt,
  ds1InstructionPrompt,
  ds1ResponsePrompt,
  ds2ResponsePrompt,
  independentTestsPrompt,
  type Messages,
} from "@/lib/agents/prompts";
import { extractInterface } from "@/lib/quality/interface";
import type { AgentTask } from "@/lib/llm/contracts";
import { CONTRACTS, parseAnswer, type Contract } from "@/lib/llm/parse";
import { BANK, PROBLEMS } from "@/model-server/bank";
import { MODEL_ID, startModelServer, type RunningModelServer } from "@/model-server/server";

// Snippets as the demo bundles them (HumanEval-X): the scripted answers must be about them.
const TRUNCATE = `def truncate_number(number: float) -> float:
    """ Given a positive floating point number, it can be decomposed into
    and integer part (largest integer smaller than given number) and decimals
    (leftover part always smaller than 1).

    Return the decimal part of the number.
    >>> truncate_number(3.5)
    0.5
    """
    return number % 1.0
`;
const BELOW_ZERO = `/* You're given a list of deposit and withdrawal operations on a bank account that starts with
  zero balance. Your task is to detect if at any point the balance of account fallls below zero, and
  at that point function should return true. Otherwise it should return false.
  >>> belowZero([1, 2, 3])
  false
  >>> belowZero([1, 2, -4, 5])
  true
  */
const belowZero = (operations) => {
  var balance = 0;
  for (const op of operations) {
    balance += op;
    if (balance < 0) {
      return true;
    }
  }
  return false;
}
`;

let server: RunningModelServer;
let client: OpenAI;
beforeAll(async () => {
  server = await startModelServer({ port: 0, ttftMs: 1, tokensPerSecond: 20_000, seed: 5, wrongRate: 0 });
  client = new OpenAI({ baseURL: server.url, apiKey: "x", maxRetries: 0 });
});
afterAll(() => server.close());

async function ask<T>(role: string, messages: Messages, contract: Contract<T>, language: string, task?: AgentTask): Promise<T> {
  const headers: Record<string, string> = {
    "x-rosetta-role": role,
    "x-rosetta-language": language,
    ...(task && { "x-rosetta-task": task }),
  };
  const answer = await client.chat.completions.create({ model: MODEL_ID, messages }, { headers });
  const parsed = parseAnswer(answer.choices[0]!.message.content!, contract);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const AGENT = { language: "python", profile: "You are a Python expert.", evolutionOperations: ["add constraints on the input"] };
function proposal(sample: { language: string; instruction: string; solution: string }, targetLanguage: string): Messages {
  return discussionPrompt({
    agent: AGENT,
    memory: [],
    mode: "CENTRALIZED",
    contributions: [{ ...sample, agentLabel: "Agent 1" }],
    targetLanguage,
  }).messages;
}

describe("scripted answers about the snippet asked about", () => {
  it("Ds1: the instruction names the snippet's function, signature and purpose; the solution is its code", async () => {
    const { instruction } = await ask(
      "instruction_generator",
      ds1InstructionPrompt({ code: TRUNCATE, language: "python" }),
      CONTRACTS.instruction,
      "python",
    );
    expect(instruction).toContain("`truncate_number`");
    expect(instruction).toContain("def truncate_number(number: float) -> float");
    expect(instruction).toContain("Return the decimal part of the number.");
    expect(instruction).toContain("truncate_number(3.5) returns 0.5");
    // The response role sees the statement alone: the server remembers which snippet it was about.
    const { solution } = await ask(
      "response_generator",
      ds1ResponsePrompt({ instruction, language: "python" }),
      CONTRACTS.response,
      "python",
    );
    expect(solution.trim()).toBe(TRUNCATE.trim());
  });

  it("Ds2: the answer from a snippet is the snippet's function (JavaScript, a block comment)", async () => {
    const { solution } = await ask(
      "response_generator",
      ds2ResponsePrompt({ code: BELOW_ZERO, language: "javascript" }),
      CONTRACTS.response,
      "javascript",
    );
    expect(solution).toContain("const belowZero = (operations) =>");
  });

  it("an agent's sample in the snippet's language is about the snippet, and its tests (from the examples) pass", async () => {
    const instruction = "Write a Python function `truncate_number` that returns the decimal part of a positive number.";
    const sample = await ask(
      "agent",
      proposal({ language: "python", instruction, solution: TRUNCATE }, "python"),
      CONTRACTS.agentSample,
      "python",
      "propose",
    );
    expect(sample).toMatchObject({ language: "python", solution: TRUNCATE.trim() });
    expect(sample.instruction).toContain("`truncate_number`");
    expect(sample.tests).toBe("assert truncate_number(3.5) == 0.5");
    // Run for real: the program exits non-zero when an assert fails.
    execFileSync("python3", ["-c", `${sample.solution}\n\n${sample.tests}`]);
    const critique = await ask(
      "agent",
      proposal({ language: "python", instruction, solution: TRUNCATE }, "python"),
      CONTRACTS.critique,
      "python",
      "critique",
    );
    expect(critique.issues.every((issue) => issue.startsWith("`truncate_number`: "))).toBe(true);
  });

  it("JavaScript tests from the doc comment's examples pass against the snippet", async () => {
    const instruction = "Write a JavaScript function `belowZero`.";
    const sample = await ask(
      "agent",
      proposal({ language: "javascript", instruction, solution: BELOW_ZERO }, "javascript"),
      CONTRACTS.agentSample,
      "javascript",
      "propose",
    );
    expect(sample.tests.split("\n")).toHaveLength(2);
    execFileSync(process.execPath, ["-e", `${sample.solution}\n${sample.tests}`]);
  });

  it("keeps to the bank where the bank has the snippet's problem, or where another language is asked for", async () => {
    const palindrome = BANK.python["is-palindrome"]!;
    const snippet = palindrome.solution.replace(/"""[\s\S]*?"""/, '"""Checks if given string is a palindrome."""');
    const { instruction } = await ask(
      "instruction_generator",
      ds1InstructionPrompt({ code: snippet, language: "python" }),
      CONTRACTS.instruction,
      "python",
    );
    expect(instruction).not.toContain("`is_palindrome`");
    expect(PROBLEMS.some((problem) => instruction.startsWith(problem.instruction.replaceAll("{language}", "Python")))).toBe(true);

    const belowZero = "Write a JavaScript function `belowZero`.";
    const mixed = discussionPrompt({
      agent: AGENT,
      memory: [],
      mode: "PARALLEL",
      contributions: [
        { language: "python", instruction: "Write a Python function `truncate_number`.", solution: TRUNCATE, agentLabel: "Agent 1" },
        { language: "javascript", instruction: belowZero, solution: BELOW_ZERO, agentLabel: "Agent 2" },
      ],
      targetLanguage: "javascript",
    }).messages;
    // Asked for JavaScript, the agent works on the discussion's JavaScript sample, not the first one.
    const js = await ask("agent", mixed, CONTRACTS.agentSample, "javascript", "propose");
    expect(js.solution).toContain("const belowZero");

    const instructionForGo = "Write a Python function `truncate_number` that returns the decimal part.";
    const sample = await ask(
      "agent",
      proposal({ language: "python", instruction: instructionForGo, solution: TRUNCATE }, "go"),
      CONTRACTS.agentSample,
      "go",
      "propose",
    );
    expect(sample.language).toBe("go");
    expect(Object.values(BANK.go).some((entry) => entry.solution === sample.solution || entry.wrong === sample.solution)).toBe(true);
  });

  it("the independent test writer, shown the instruction and the interface only, tests the problem: the bank's, or the snippet's examples", async () => {
    const gcd = BANK.go.gcd!;
    const bankInstruction = `${PROBLEMS.find((p) => p.id === "gcd")!.instruction.replaceAll("{language}", "Go")} Keep it short.`;
    const bankTests = await ask(
      "test_writer",
      independentTestsPrompt({ instruction: bankInstruction, interface: extractInterface(gcd.solution, "go"), language: "go" }),
      CONTRACTS.tests,
      "go",
    );
    expect(bankTests.tests).toBe(gcd.tests);

    // A server started afresh has not read the snippet: the statement's examples are enough.
    const fresh = await startModelServer({ port: 0, ttftMs: 1, tokensPerSecond: 20_000, seed: 6, wrongRate: 0 });
    try {
      const instruction =
        "Write a Python function `truncate_number` with the signature `def truncate_number(number: float) -> float`. Return the decimal part of the number. For example: truncate_number(3.5) returns 0.5; truncate_number(1.25) returns 0.25. Keep it to a single pass over the input where possible.";
      const messages = independentTestsPrompt({ instruction, interface: extractInterface(TRUNCATE, "python"), language: "python" });
      expect(JSON.stringify(messages)).not.toContain("number % 1.0");
      const headers = { "x-rosetta-role": "test_writer", "x-rosetta-language": "python" };
      const answer = await new OpenAI({ baseURL: fresh.url, apiKey: "x", maxRetries: 0 }).chat.completions.create(
        { model: MODEL_ID, messages },
        { headers },
      );
      const parsed = parseAnswer(answer.choices[0]!.message.content!, CONTRACTS.tests);
      expect(parsed.ok && parsed.value.tests).toBe("assert truncate_number(3.5) == 0.5\nassert truncate_number(1.25) == 0.25");
      execFileSync("python3", ["-c", `${TRUNCATE}\n\n${parsed.ok ? parsed.value.tests : ""}`]);
    } finally {
      await fresh.close();
    }
  });
});
