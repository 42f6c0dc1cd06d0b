import { describe, expect, it } from "vitest";
import { pickEvolutionOperation } from "@/lib/agents/evolution";
import { discussionPrompt, judgePrompt } from "@/lib/agents/prompts";
import { EVOLUTION_OPERATIONS } from "@/lib/synthesis/settings";

const ids = Array.from({ length: 2_000 }, (_, i) => `0193c0de-0000-7000-8000-${String(i).padStart(12, "0")}`);

describe("pickEvolutionOperation", () => {
  it("draws the same operation for the same discussion, from the agent's operations", () => {
    for (const id of ids.slice(0, 50)) {
      const operation = pickEvolutionOperation(id, EVOLUTION_OPERATIONS);
      expect(EVOLUTION_OPERATIONS).toContain(operation);
      expect(pickEvolutionOperation(id, EVOLUTION_OPERATIONS)).toBe(operation);
    }
    expect(pickEvolutionOperation(ids[0]!, ["only this"])).toBe("only this");
    expect(pickEvolutionOperation(ids[0]!, [])).toBeNull();
  });

  it("is uniform over the operations, near enough: each of five drawn 20 % ± 4 % of 2,000 times", () => {
    const counts = new Map<string, number>();
    for (const id of ids) {
      const operation = pickEvolutionOperation(id, EVOLUTION_OPERATIONS)!;
      counts.set(operation, (counts.get(operation) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([...EVOLUTION_OPERATIONS].sort());
    for (const count of counts.values()) expect(Math.abs(count / ids.length - 0.2)).toBeLessThan(0.04);
  });
});

describe("the generation prompt's evolution operations", () => {
  const agent = { language: "python", profile: "You are a Python expert.", evolutionOperations: [...EVOLUTION_OPERATIONS] };
  const contribution = {
    agentLabel: "Agent 1 (python)",
    language: "python",
    instruction: "Sum a list.",
    solution: "def s(xs):\n    return sum(xs)",
  };
  const render = (operation?: string | null) =>
    discussionPrompt({ agent, memory: [], mode: "CENTRALIZED", contributions: [contribution], targetLanguage: "python", operation });

  it("asks for exactly the one operation sampled, and none of the others", () => {
    const chosen = EVOLUTION_OPERATIONS[2];
    const { blocks, messages } = render(chosen);
    expect(blocks.Guidelines).toContain(`Evolve the problem with this operation: ${chosen}.`);
    for (const other of EVOLUTION_OPERATIONS.filter((operation) => operation !== chosen))
      expect(JSON.stringify(messages)).not.toContain(other);
    expect(blocks.Guidelines.split("\n").map((line) => line.split(".")[0])).toEqual(["1", "2", "3", "4"]);
  });

  it('lists every operation when none is sampled (operationsPerDiscussion "all")', () => {
    const { blocks } = render(null);
    for (const operation of EVOLUTION_OPERATIONS) expect(blocks.Guidelines).toContain(`Where it fits, ${operation}.`);
    expect(blocks.Guidelines.split("\n")).toHaveLength(EVOLUTION_OPERATIONS.length + 3);
  });

  it("shows the judge the source, the evolution and the operation asked for", () => {
    const [system, user] = judgePrompt({
      source: contribution,
      evolved: { language: "java", instruction: "Sum a list in O(1) extra space.", solution: "class S {}" },
      operation: EVOLUTION_OPERATIONS[0],
    });
    expect(system!.content).toMatch(/judges/);
    expect(user!.content).toContain("[Source]\nProblem (Python): Sum a list.");
    expect(user!.content).toContain("[Evolved]\nProblem (Java): Sum a list in O(1) extra space.");
    expect(user!.content).toContain(EVOLUTION_OPERATIONS[0]);
  });
});
