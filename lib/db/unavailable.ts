/**
 * Whether an error means "the database cannot be reached right now" (down, restarting, the
 * connection cut) rather than anything about the request: such errors are a 503 that tells the
 * user the studio is reconnecting, not a 500. Recognises Prisma's driver-adapter errors and raw
 * `pg` errors alike, anywhere in the cause chain.
 */
const UNREACHABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TlsConnectionError",
]);
/** SQLSTATEs of a server going away or not accepting connections yet (57P01–57P03, class 08). */
const UNAVAILABLE_STATE = /^(57P0[123]|08\d{3})$/;
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
const PG_MESSAGES = /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect/i;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } };
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let current = error as ErrorLike | undefined, depth = 0;
    current && typeof current === "object" && depth < 5;
    current = current.cause as ErrorLike, depth++
  ) {
    if (current.code === "P1001" || current.code === "P1017") return true;
    const adapter = current.meta?.driverAdapterError?.cause;
    if (adapter?.kind && UNREACHABLE_KINDS.has(adapter.kind)) return true;
    if (adapter?.originalCode && UNAVAILABLE_STATE.test(adapter.originalCode)) return true;
    if (typeof current.code === "string" && (NETWORK_CODES.has(current.code) || UNAVAILABLE_STATE.test(current.code))) return true;
    if (typeof current.message === "string" && PG_MESSAGES.test(current.message)) return true;
  }
  return false;
}

/** One line on why the database cannot be used, for health and logs (Prisma's messages start with a code frame). */
export function describeDatabaseError(error: unknown): string {
  const adapter = (error as ErrorLike | undefined)?.meta?.driverAdapterError?.cause as
    { kind?: string; host?: string; port?: number } | undefined;
  if (adapter?.kind === "DatabaseNotReachable") return `Cannot reach PostgreSQL at ${adapter.host}:${adapter.port}; reconnecting`;
  if (adapter?.kind === "ConnectionClosed") return "The connection to PostgreSQL was closed; reconnecting";
  const lines = String((error as Error | undefined)?.message ?? error)
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const last = lines.at(-1) ?? "unknown error";
  return last.replace(/^Raw query failed\. Code: `[^`]*`\. Message: `(.*)`$/, "$1");
}
