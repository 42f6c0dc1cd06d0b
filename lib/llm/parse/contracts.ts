import { z } from "zod";
import { AgentSampleOutput, CritiqueOutput, InstructionOutput, ResponseOutput, ScorerOutput, TestWriterOutput } from "@/lib/llm/contracts";
import type { Contract } from "@/lib/llm/parse/types";

// SKELETON: helper A fills normalize / fromMarkdown / examples for every contract.
function contract<T>(name: string, schema: z.ZodType<T>, example: string, wire: z.ZodType = schema): Contract<T> {
  return {
    name,
    schema,
    jsonSchema: z.toJSONSchema(wire, { io: "input", unrepresentable: "any" }) as Record<string, unknown>,
    example,
    normalize: (data) => data,
  };
}

export const CONTRACTS = {
  instruction: contract("instruction", InstructionOutput, '{"instruction": "…"}'),
  response: contract("response", ResponseOutput, '{"solution": "…", "explanation": "…"}'),
  tests: contract("tests", TestWriterOutput, '{"tests": "…"}'),
  agentSample: contract("agent_sample", AgentSampleOutput, '{"instruction": "…", "solution": "…", "tests": "…", "language": "python"}'),
  critique: contract("critique", CritiqueOutput, '{"critique": "…", "issues": ["…"]}'),
  scores: {
    ...contract("scores", ScorerOutput, '{"scores": [{"expert": "consistency", "score": 4, "reason": "…"}, …nine aspects]}', z.object({ scores: ScorerOutput })),
    normalize: (data: unknown) => (data && typeof data === "object" && !Array.isArray(data) && "scores" in data ? (data as { scores: unknown }).scores : data),
  } satisfies Contract<ScorerOutput>,
} as const;
