import { isAppError } from "@/lib/errors";

/** One line of studio output. */
export function say(message: string): void {
  console.log(`▸ ${message}`);
}

/**
 * What the user sees when a command fails: the specific message for errors we anticipated, the
 * error's own message for the rest. Never a stack trace.
 */
export function formatCliError(error: unknown): string {
  if (isAppError(error)) return `✖ ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `✖ Unexpected error: ${message}\n  (this is a bug in Rosetta; please report it with the command you ran)`;
}
