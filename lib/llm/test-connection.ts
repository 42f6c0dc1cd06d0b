import "server-only";
import type { Gateway } from "@/lib/llm/gateway";
import { LlmError } from "@/lib/llm/errors";
import type { ResolvedEndpoint } from "@/lib/llm/profiles";

export type ConnectionReport =
  | {
      ok: true;
      models: string[];
      modelListed: boolean;
      latencyMs: number;
      timeToFirstTokenMs: number | null;
      reply: string;
      /** How structured answers will be asked for (an AUTO endpoint is probed here if it was not yet), or why that could not be found out. */
      structuredOutput: string;
    }
  | { ok: false; step: "list-models" | "request"; kind: string; error: string; models?: string[] };

/**
 * What the "test connection" button shows: the models the endpoint lists, then one tiny request
 * (recorded like any call, stage "connection-test"), with its latency or the exact error, and the
 * structured-output mode its calls will use.
 */
export async function testEndpointConnection({
  gateway,
  endpoint,
}: {
  gateway: Gateway;
  endpoint: ResolvedEndpoint;
}): Promise<ConnectionReport> {
  let models: string[];
  try {
    models = await gateway.listModels(endpoint);
  } catch (error) {
    const e = error as LlmError;
    return { ok: false, step: "list-models", kind: e.kind ?? "EndpointDown", error: e.message };
  }
  try {
    const result = await gateway.call(endpoint, {
      role: "agent",
      stage: "connection-test",
      messages: [{ role: "user", content: "Reply with the single word: ready" }],
      maxTokens: 16,
      maxAttempts: 1,
    });
    const structuredOutput = await gateway.structuredOutputMode(endpoint).then(
      (mode) => mode.toLowerCase(),
      (error: unknown) => `unknown (${error instanceof Error ? error.message : String(error)})`,
    );
    return {
      ok: true,
      models,
      modelListed: models.includes(endpoint.model),
      latencyMs: result.latencyMs,
      timeToFirstTokenMs: result.timeToFirstTokenMs,
      reply: result.text.slice(0, 200),
      structuredOutput,
    };
  } catch (error) {
    if (!(error instanceof LlmError)) throw error;
    return { ok: false, step: "request", kind: error.kind, error: error.message, models };
  }
}
