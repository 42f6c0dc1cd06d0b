import { describe, expect, it } from "vitest";
import { honoursFormat, probeRequest, responseFormatFor, weaker } from "@/lib/llm/structured-output";

describe("structured output on the wire", () => {
  const contract = { name: "tests", jsonSchema: { type: "object", properties: { tests: { type: "string" } }, required: ["tests"] } };

  it("sends the contract's schema, a bare JSON object request, or nothing", () => {
    expect(responseFormatFor("JSON_SCHEMA", contract)).toEqual({
      type: "json_schema",
      json_schema: { name: "tests", schema: contract.jsonSchema, strict: false },
    });
    expect(responseFormatFor("JSON_OBJECT", contract)).toEqual({ type: "json_object" });
    expect(responseFormatFor("NONE", contract)).toBeUndefined();
    expect(probeRequest("JSON_SCHEMA").responseFormat).toMatchObject({ type: "json_schema" });
  });

  it("steps down one mode at a time", () => {
    expect(weaker("JSON_SCHEMA")).toBe("JSON_OBJECT");
    expect(weaker("JSON_OBJECT")).toBe("NONE");
  });

  it("counts a probe as honoured only when the answer is bare JSON of the asked shape", () => {
    expect(honoursFormat("JSON_SCHEMA", '{"ready": true}')).toBe(true);
    expect(honoursFormat("JSON_SCHEMA", '<think>They want JSON.</think>\n{"ready": true}')).toBe(true);
    expect(honoursFormat("JSON_SCHEMA", '{"note": "hi"}')).toBe(false);
    expect(honoursFormat("JSON_OBJECT", '{"note": "hi"}')).toBe(true);
    expect(honoursFormat("JSON_SCHEMA", '```json\n{"ready": true}\n```')).toBe(false);
    expect(honoursFormat("JSON_SCHEMA", 'Sure! {"ready": true}')).toBe(false);
    expect(honoursFormat("JSON_OBJECT", "[1, 2]")).toBe(false);
  });
});
