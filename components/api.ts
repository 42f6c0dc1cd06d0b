import type { z } from "zod";

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** GET a JSON API route and validate the answer: the server's `{ error }` becomes an ApiError. */
export async function fetchJson<Schema extends z.ZodType>(url: string, schema: Schema, { acceptStatus = [] as number[] } = {}): Promise<z.infer<Schema>> {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 401 && !acceptStatus.includes(401) && typeof window !== "undefined" && window.location.pathname !== "/sign-in") {
    // Not signed in, or the session expired: to the sign-in page, keeping the page to come back to.
    const signIn = new URL("/sign-in", window.location.origin);
    signIn.searchParams.set("next", window.location.pathname + window.location.search);
    window.location.replace(signIn);
  }
  if (!response.ok && !acceptStatus.includes(response.status)) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(error?.code ?? "HTTP_ERROR", error?.message ?? `The server answered ${response.status} ${response.statusText}`, response.status);
  }
  return schema.parse(body);
}

/** POST JSON to an API route; the server's `{ error }` becomes an ApiError. */
export async function postJson(url: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const answer: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (answer as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(error?.code ?? "HTTP_ERROR", error?.message ?? `The server answered ${response.status} ${response.statusText}`, response.status);
  }
  return answer;
}
