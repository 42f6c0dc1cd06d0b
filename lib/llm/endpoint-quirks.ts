/**
 * What an endpoint turned out not to accept, learnt from its 400 answers, so that the request is
 * corrected once and every later request is sent right. Real servers disagree on the edges of the
 * protocol: OpenAI's reasoning models want `max_completion_tokens` and refuse a temperature; some
 * servers refuse `stream_options` or `seed`; vLLM refuses a `max_tokens` that does not fit in the
 * model's context. Kept in memory per endpoint (a restart re-learns it with one refused request).
 */

export type OptionalParam = "temperature" | "top_p" | "seed" | "stream_options";

export interface Quirks {
  tokensParam: "max_tokens" | "max_completion_tokens";
  omit: Set<OptionalParam>;
  /** The model's context length, when a refusal named it: answers are then limited to what fits. */
  contextLength?: number;
}

export type Lesson =
  { kind: "param"; change: string } | { kind: "response_format" } | { kind: "context"; contextLength?: number; promptTokens?: number };

const REFUSED =
  /unsupported|not supported|does not support|unrecognized|unknown (field|parameter|argument)|extra (inputs|fields)|not permitted|invalid (parameter|field)|only the default/i;
const OPTIONAL: OptionalParam[] = ["stream_options", "temperature", "top_p", "seed"];

/** What a refusal (a 400's message) says about the request; undefined when it says nothing we can fix. */
export function lessonFrom(message: string, { contextTooLong }: { contextTooLong: boolean }): Lesson | undefined {
  if (contextTooLong) {
    const contextLength = Number(/maximum context length is (\d+)/i.exec(message)?.[1]) || undefined;
    const promptTokens =
      Number(
        /(\d+) (?:tokens )?in the messages|has (\d+) input tokens|(?:prompt|input) (?:contains|has|is) (\d+)/i
          .exec(message)
          ?.slice(1)
          .find(Boolean),
      ) || undefined;
    return { kind: "context", contextLength, promptTokens };
  }
  if (/response_format|json_schema|json_object/i.test(message)) return { kind: "response_format" };
  if (/max_completion_tokens/i.test(message) && /max_tokens/i.test(message)) return { kind: "param", change: "max_completion_tokens" };
  if (!REFUSED.test(message)) return undefined;
  const param = OPTIONAL.find((name) => new RegExp(`\\b${name}\\b`, "i").test(message));
  return param ? { kind: "param", change: param } : undefined;
}

export class EndpointQuirks {
  private readonly byEndpoint = new Map<string, Quirks>();

  of(endpointId: string): Quirks {
    let quirks = this.byEndpoint.get(endpointId);
    if (!quirks) this.byEndpoint.set(endpointId, (quirks = { tokensParam: "max_tokens", omit: new Set() }));
    return quirks;
  }

  /** Applies a parameter lesson; false when it was known already (the refusal has another cause). */
  learnParam(endpointId: string, change: string): boolean {
    const quirks = this.of(endpointId);
    if (change === "max_completion_tokens") {
      if (quirks.tokensParam === "max_completion_tokens") return false;
      quirks.tokensParam = "max_completion_tokens";
      return true;
    }
    const param = change as OptionalParam;
    if (quirks.omit.has(param)) return false;
    quirks.omit.add(param);
    return true;
  }

  learnContext(endpointId: string, contextLength: number): void {
    this.of(endpointId).contextLength = contextLength;
  }
}
