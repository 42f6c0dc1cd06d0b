import "server-only";
import { publicMessage } from "@/lib/errors";

/** JSON error body of every API route: `{ error: { code, message } }`. */
export function errorResponse(error: unknown): Response {
  const { code, message, status } = publicMessage(error);
  if (status >= 500) console.error(error);
  return Response.json({ error: { code, message } }, { status });
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
