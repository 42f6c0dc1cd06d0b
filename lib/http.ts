import "server-only";
import type { z } from "zod";
import { AppError, publicMessage } from "@/lib/errors";

/** JSON error body of every API route: `{ error: { code, message, fields? } }` (fields: bad input by field path, where a route names them). */
export function errorResponse(error: unknown): Response {
  const { code, message, status, fields } = publicMessage(error);
  if (code === "DATABASE_UNREACHABLE") {
    // Expected while the database restarts: one line, and a hint for clients when to come back.
    console.error(`database unreachable: ${(error as Error).message?.split("\n").findLast(Boolean) ?? error}`);
    return Response.json({ error: { code, message } }, { status, headers: { "Retry-After": "2" } });
  }
  if (status >= 500) console.error(error);
  return Response.json({ error: { code, message, ...(fields && { fields }) } }, { status });
}

/** Wraps a route handler so that any error becomes a JSON error response, never a stack trace. */
export function handler<Args extends unknown[]>(fn: (...args: Args) => Promise<Response>): (...args: Args) => Promise<Response> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * Request input (a query or a JSON body) through its schema, or a 400 naming every bad field:
 * "Invalid <what>: field: problem; …". With `fields`, the 400 also carries the problems by field path
 * (`error.fields`), for a form that shows each beside its field.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  what: string,
  options: { fields?: boolean } = {},
): z.infer<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[issue.path.join(".")] ??= issue.message;
    throw new AppError(
      "BAD_REQUEST",
      `Invalid ${what}: ${parsed.error.issues.map((i) => `${i.path.join(".") || what}: ${i.message}`).join("; ")}`,
      options.fields ? { fields } : {},
    );
  }
  return parsed.data;
}

/** The URL's query parameters, as an object for a schema. */
export function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
