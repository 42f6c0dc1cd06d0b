import { AppError } from "@/lib/errors";

/**
 * BadOutput: the answer could not be used (no valid JSON for the role's contract, after the repair
 * round). Truncated: the answer hit its token limit (`finish_reason: "length"`), also with a larger one.
 * BadRequest: the server refused the request (a 4xx other than auth, context and rate limits).
 */
export type LlmErrorKind =
  "RateLimited" | "EndpointDown" | "Timeout" | "BadOutput" | "Truncated" | "BadRequest" | "ContextTooLong" | "AuthFailed";

/** The kinds that mean the model answered, but not usably: they count against the model's health, not the network's. */
export const UNUSABLE_ANSWER: LlmErrorKind[] = ["BadOutput", "Truncated"];

/**
 * What a model call ends in when it does not succeed: a kind the caller can act on, the endpoint
 * (never its key) and how many attempts were made. BadOutput keeps the model's raw text.
 */
export class LlmError extends AppError {
  override name = "LlmError";
  readonly kind: LlmErrorKind;
  readonly endpoint: string;
  readonly attempts: number;
  readonly raw?: string;

  constructor(
    kind: LlmErrorKind,
    message: string,
    { endpoint, attempts, raw, cause }: { endpoint: string; attempts: number; raw?: string; cause?: unknown },
  ) {
    super(
      kind === "AuthFailed" ? "BAD_REQUEST" : "INTERNAL",
      `${kind} from ${endpoint} after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${message}`,
      { cause },
    );
    this.kind = kind;
    this.endpoint = endpoint;
    this.attempts = attempts;
    this.raw = raw;
  }

  /** Worth another attempt (with backoff): the endpoint may answer differently next time. */
  get retryable(): boolean {
    return this.kind === "RateLimited" || this.kind === "EndpointDown" || this.kind === "Timeout";
  }
}
