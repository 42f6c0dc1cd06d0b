import { isDatabaseUnavailable } from "@/lib/db/unavailable";

/**
 * One error hierarchy for the whole app. An AppError carries a stable code, the HTTP status it maps
 * to, and whether its message is safe to show to a user. Anything else that escapes is a bug: users
 * see a generic message and the details go to the server log, never a stack trace to the client.
 */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "OUT_OF_SCOPE"
  | "BAD_ORIGIN"
  | "RATE_LIMITED"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "CONFIG_INVALID"
  | "PORT_IN_USE"
  | "DATABASE_UNREACHABLE"
  | "DATA_DIR_INVALID"
  | "ALREADY_RUNNING"
  | "JOB_PAYLOAD_INVALID"
  | "CHROMIUM_MISSING"
  | "SANDBOX_UNAVAILABLE"
  | "INTERNAL";

const STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  /** An API token scoped to one project, on another project's route or a global one. */
  OUT_OF_SCOPE: 403,
  /** A cookie-carried mutation whose Origin is missing, opaque ("null"), malformed or not the studio's. */
  BAD_ORIGIN: 403,
  RATE_LIMITED: 429,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  CONFIG_INVALID: 500,
  PORT_IN_USE: 500,
  DATABASE_UNREACHABLE: 503,
  DATA_DIR_INVALID: 500,
  ALREADY_RUNNING: 409,
  JOB_PAYLOAD_INVALID: 400,
  CHROMIUM_MISSING: 500,
  SANDBOX_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class AppError extends Error {
  override name = "AppError";
  readonly code: AppErrorCode;
  readonly status: number;
  /** Whether `message` may be shown to the user as is. */
  readonly expose: boolean;
  /** Bad input's problems by field path ("review.rubric.0.id"), so a form can show each beside its field. */
  readonly fields?: Record<string, string>;

  constructor(code: AppErrorCode, message: string, options: { cause?: unknown; expose?: boolean; fields?: Record<string, string> } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = STATUS[code];
    this.expose = options.expose ?? true;
    if (options.fields) this.fields = options.fields;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Prisma's unique-constraint violation (P2002), recognised without importing Prisma (this module is shared with the browser). */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** The message a user may see for any error: the AppError's own when safe, a generic one otherwise. */
export function publicMessage(error: unknown): { code: AppErrorCode; message: string; status: number; fields?: Record<string, string> } {
  if (isAppError(error) && error.expose)
    return { code: error.code, message: error.message, status: error.status, ...(error.fields && { fields: error.fields }) };
  if (isUniqueViolation(error)) {
    // Two writes of the same thing at once (a double submit) that a route did not map itself.
    return { code: "CONFLICT", message: "This was just created or changed by another request; reload and try again.", status: 409 };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      code: "DATABASE_UNREACHABLE",
      message: "The studio cannot reach its database right now and is reconnecting; nothing was changed. Try again in a moment.",
      status: 503,
    };
  }
  return { code: "INTERNAL", message: "Something went wrong on the server; the details are in its log.", status: 500 };
}
