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
  if (!response.ok && !acceptStatus.includes(response.status)) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(error?.code ?? "HTTP_ERROR", error?.message ?? `The server answered ${response.status} ${response.statusText}`, response.status);
  }
  return schema.parse(body);
}
