import type { z } from "zod";

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** Bad input's problems by field path, when the server named them (parseInput's 400s). */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** GET a JSON API route and validate the answer: the server's `{ error }` becomes an ApiError. */
export async function fetchJson<Schema extends z.ZodType>(
  url: string,
  schema: Schema,
  { acceptStatus = [] as number[] } = {},
): Promise<z.infer<Schema>> {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 401 && !acceptStatus.includes(401) && typeof window !== "undefined" && window.location.pathname !== "/sign-in") {
    // Not signed in, or the session expired: to the sign-in page, keeping the page to come back to.
    const signIn = new URL("/sign-in", window.location.origin);
    signIn.searchParams.set("next", window.location.pathname + window.location.search);
    window.location.replace(signIn);
  }
  if (!response.ok && !acceptStatus.includes(response.status)) throw apiError(response, body);
  return schema.parse(body);
}

/** The server's `{ error }` answer (or a bare status) as an ApiError. */
export function apiError(response: Response, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string; fields?: Record<string, string> } } | null)?.error;
  return new ApiError(
    error?.code ?? "HTTP_ERROR",
    error?.message ?? `The server answered ${response.status} ${response.statusText}`,
    response.status,
    error?.fields ?? {},
  );
}

/** A JSON answer's body, or its `{ error }` thrown as an ApiError. */
export async function answerOf(response: Response): Promise<unknown> {
  const answer: unknown = await response.json().catch(() => null);
  if (!response.ok) throw apiError(response, answer);
  return answer;
}

/** POST, PUT or PATCH JSON to an API route (no body when there is none to send). */
export async function sendJson(method: "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<unknown> {
  return answerOf(
    await fetch(url, {
      method,
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

/** POST JSON to an API route; the server's `{ error }` becomes an ApiError. */
export function postJson(url: string, body?: unknown): Promise<unknown> {
  return sendJson("POST", url, body);
}

/** A failure as a sentence to show: the server's message, or that the studio could not be reached. */
export function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : "Could not reach the studio.";
}
