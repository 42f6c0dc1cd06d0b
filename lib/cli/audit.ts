import os from "node:os";
import { recordAudit } from "@/lib/auth/accounts";
import type { Db } from "@/lib/db/client";

/** The audit event of a CLI mutation: whoever can run the CLI against the database is its actor. */
export function auditCli(
  db: Db,
  event: { action: string; targetType: string; targetId?: string; projectId?: string; before?: unknown; after?: unknown },
): Promise<void> {
  return recordAudit(db, {
    principal: { kind: "anonymous" },
    actorLabel: `rosetta CLI (${os.userInfo().username}@${os.hostname()})`,
    ...event,
  });
}
