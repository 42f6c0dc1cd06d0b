import { z } from "zod";
import { AppError } from "@/lib/errors";

/** An id from a URL: a malformed one is simply not found (what a lookup would say), never a database error. */
export function idParam(id: string | undefined, what: string): string {
  if (!z.uuid().safeParse(id).success) throw new AppError("NOT_FOUND", `No ${what} ${id ?? ""}.`.replace(/ \.$/, "."));
  return id!;
}
