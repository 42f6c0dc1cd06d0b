import type { StructuredOutputMode } from "@/lib/db/generated/enums";
import type { Contract } from "@/lib/llm/parse";
import { splitReasoning } from "@/lib/llm/parse";

/**
 * How an answer is held to its contract on the wire. JSON_SCHEMA sends the contract's schema
 * (`response_format: {type: "json_schema"}`: OpenAI, vLLM, SGLang, llama.cpp, Ollama, LM Studio);
 * JSON_OBJECT only asks for some JSON object; NONE sends nothing and relies on the prompt and the
 * tolerant parser. AUTO probes once which of these the server honours (see `probeRequest`).
 */
export type WireMode = Exclude<StructuredOutputMode, "AUTO">;

export type ResponseFormat =
  { type: "json_schema"; json_schema: { name: string; schema: Record<string, unknown>; strict: false } } | { type: "json_object" };

export function responseFormatFor(mode: WireMode, contract: Pick<Contract<unknown>, "name" | "jsonSchema">): ResponseFormat | undefined {
  if (mode === "JSON_SCHEMA")
    return { type: "json_schema", json_schema: { name: contract.name, schema: contract.jsonSchema, strict: false } };
  if (mode === "JSON_OBJECT") return { type: "json_object" };
  return undefined;
}

/** The next mode down when a server refuses the current one. */
export function weaker(mode: WireMode): WireMode {
  return mode === "JSON_SCHEMA" ? "JSON_OBJECT" : "NONE";
}

const PROBE_CONTRACT = {
  name: "rosetta_probe",
  jsonSchema: { type: "object", properties: { ready: { type: "boolean" } }, required: ["ready"], additionalProperties: false },
};

/** The llm_calls stage of the probe's requests. */
export const PROBE_STAGE = "structured-output-probe";

/** One small request per mode tried: it asks for JSON the schema pins down. */
export function probeRequest(mode: "JSON_SCHEMA" | "JSON_OBJECT") {
  return {
    messages: [{ role: "user" as const, content: 'Reply with this JSON object and nothing else: {"ready": true}' }],
    responseFormat: responseFormatFor(mode, PROBE_CONTRACT)!,
  };
}

/**
 * Whether the answer shows the server held the model to the format: bare JSON (no fence, no prose),
 * and for a schema, the schema's field. A server that ignores `response_format` lets the model
 * answer as it likes, which usually is not bare JSON.
 */
export function honoursFormat(mode: "JSON_SCHEMA" | "JSON_OBJECT", text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(splitReasoning(text).answer.trim());
  } catch {
    return false;
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  return mode === "JSON_OBJECT" || typeof (value as { ready?: unknown }).ready === "boolean";
}
