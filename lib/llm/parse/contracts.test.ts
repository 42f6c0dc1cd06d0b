import { z } from "zod";
import { describe, expect, it } from "vitest";
import { AspectScore } from "@/lib/llm/contracts";
import { LANGUAGES } from "@/lib/languages";
import { CONTRACTS, parseAnswer, repairMessage } from "@/lib/llm/parse";

/** The keys a zod object requires (not optional). */
const requiredOf = (schema: z.ZodObject) => Object.keys(schema.shape).filter((key) => !schema.shape[key]!.safeParse(undefined).success);

const objectContracts = {
  instruction: CONTRACTS.instruction,
  response: CONTRACTS.response,
  tests: CONTRACTS.tests,
  agentSample: CONTRACTS.agentSample,
  critique: CONTRACTS.critique,
};

describe("each contract's jsonSchema", () => {
  it.each(Object.entries(objectContracts))("%s: an object whose required properties are the zod schema's", (_, contract) => {
    const schema = contract.schema as unknown as z.ZodObject;
    expect(contract.jsonSchema).toMatchObject({ type: "object", required: requiredOf(schema) });
    expect(Object.keys(contract.jsonSchema.properties as object)).toEqual(Object.keys(schema.shape));
  });

  it("scores: {scores: [nine {expert, score, reason}]} at the top, with nothing backends refuse", () => {
    expect(CONTRACTS.scores.jsonSchema).toEqual({
      type: "object",
      properties: {
        scores: {
          type: "array",
          minItems: 9,
          maxItems: 9,
          items: {
            type: "object",
            properties: {
              expert: { type: "string", enum: [...AspectScore.shape.expert.options] },
              score: { type: ["number", "null"] },
              reason: { type: "string" },
            },
            required: requiredOf(AspectScore),
          },
        },
      },
      required: ["scores"],
    });
  });

  it("agentSample: the language as an enum of the languages", () => {
    expect((CONTRACTS.agentSample.jsonSchema.properties as Record<string, unknown>).language).toEqual({
      type: "string",
      enum: [...LANGUAGES],
    });
  });
});

describe("each contract's example", () => {
  it.each(Object.entries(CONTRACTS))("%s: is full, valid JSON that parses as itself", (_, contract) => {
    const parsed = parseAnswer(contract.example, contract as typeof CONTRACTS.instruction);
    expect(parsed.ok).toBe(true);
    const wire = JSON.parse(contract.example) as unknown;
    if (parsed.ok) expect(contract.wireKey ? { [contract.wireKey]: parsed.value } : parsed.value).toEqual(wire);
  });
});

describe("repairMessage", () => {
  it("shows the problem and the expected shape once", () => {
    const message = repairMessage(CONTRACTS.tests, "tests is missing.");
    expect(message).toBe(
      `Your answer could not be used: tests is missing.\nAnswer again with only the corrected JSON, no other text, in this shape:\n${CONTRACTS.tests.example}`,
    );
  });
});
