import "server-only";
import { recordAudit } from "@/lib/auth/accounts";
import type { Principal } from "@/lib/auth/permissions";
import type { Db, Prisma } from "@/lib/db/client";

/** What an audit event is about; `projectId` where the route names no project (a new project) or the event says its own. */
export interface AuditTarget {
  type: string;
  id?: string;
  projectId?: string;
}

/** The state before and after, as the audit log shows it (secrets redacted by `recordAudit`). */
export interface AuditChange {
  before?: unknown;
  after?: unknown;
}

/**
 * Records one audit event as the request's caller: the actor, the client's address and the request's project are
 * filled in. `db` is the transaction the change commits in, when it has one, so the event commits with it or not at all.
 */
export type Audit = (action: string, target: AuditTarget, change?: AuditChange, db?: Db | Prisma.TransactionClient) => Promise<void>;

export function auditAs({ db, principal, ip, projectId }: { db: () => Db; principal: Principal; ip: string; projectId?: string }): Audit {
  return (action, target, change = {}, tx = db()) =>
    recordAudit(tx, {
      principal,
      action,
      targetType: target.type,
      targetId: target.id,
      projectId: target.projectId ?? projectId,
      before: change.before,
      after: change.after,
      ip,
    });
}
