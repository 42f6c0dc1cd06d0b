import { z } from "zod";

/** What every structured-output backend reads alike (OpenAI, vLLM's guided decoding, llama.cpp grammars). */
const KEEP = new Set(["type", "properties", "required", "enum", "items", "minItems", "maxItems", "description", "anyOf"]);

type Node = Record<string, unknown>;

function plain(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(plain);
  if (typeof node !== "object" || node === null) return node;
  const source = node as Node;
  const branches = Array.isArray(source.anyOf) ? (source.anyOf.map(plain) as Node[]) : undefined;
  // "number or null" as one type list rather than anyOf: the plainest form every backend reads.
  if (branches?.length === 2) {
    const [value, nothing] = branches[0]!.type === "null" ? [branches[1]!, branches[0]!] : [branches[0]!, branches[1]!];
    if (nothing.type === "null" && Object.keys(nothing).length === 1 && typeof value.type === "string") {
      return { ...value, type: [value.type, "null"] };
    }
  }
  const out: Node = {};
  for (const [key, value] of Object.entries(source)) {
    if (!KEEP.has(key)) continue;
    if (key === "properties") out[key] = Object.fromEntries(Object.entries(value as Node).map(([name, schema]) => [name, plain(schema)]));
    else out[key] = key === "anyOf" ? branches : plain(value);
  }
  return out;
}

/**
 * The JSON schema sent as `response_format` / guided decoding, derived from the zod schema of
 * what is stored: type, properties, required, enum, items and list sizes only (no `$schema`, no
 * string or number bounds some backends refuse). The zod schema still checks the bounds.
 */
export function plainJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return plain(z.toJSONSchema(schema, { io: "output", unrepresentable: "any" })) as Record<string, unknown>;
}
