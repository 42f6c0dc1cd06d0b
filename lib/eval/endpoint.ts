import type { Db } from "@/lib/db/client";
import { resolveEndpoint, type ResolvedEndpoint } from "@/lib/llm/profiles";

/**
 * The endpoint an evaluation asks: its stored profile, or the base URL and model given for it
 * (`rosetta eval`), with the key given on the command line kept in that process's memory only.
 */

/** A one-off endpoint from a base URL and model, without a stored profile (its calls are booked without one). */
export function adHocEndpoint({
  id,
  baseUrl,
  model,
  apiKey,
}: {
  id: string;
  baseUrl: string;
  model: string;
  apiKey?: string;
}): ResolvedEndpoint {
  return {
    id: `eval:${id}`,
    name: model,
    baseUrl,
    model,
    apiKey: apiKey ?? null,
    maxConcurrency: 4,
    requestsPerMinute: null,
    tokensPerMinute: null,
    temperature: null,
    topP: null,
    maxTokens: 2048,
    maxOutputTokens: null,
    structuredOutput: "NONE",
    structuredOutputDetected: null,
    inputPricePerMillion: null,
    outputPricePerMillion: null,
    adHoc: true,
  };
}

export async function runEndpoint(
  db: Db,
  secretKey: string | undefined,
  run: { id: string; endpointProfileId: string | null; baseUrl: string; model: string },
  apiKey?: string,
): Promise<ResolvedEndpoint> {
  if (run.endpointProfileId) return resolveEndpoint({ db, secretKey, id: run.endpointProfileId });
  return adHocEndpoint({ id: run.id, baseUrl: run.baseUrl, model: run.model, apiKey });
}
