import "server-only";
import { recordAudit } from "@/lib/auth/accounts";
import type { AuditPage, AuditQuery } from "@/lib/auth/audit-types";
import type { Principal } from "@/lib/auth/permissions";
import type { Db, Prisma } from "@/lib/db/client";

/** The audit log, newest first, a page at a time, filtered by actor, action, target type, project and a time range. */

export async function listAudit(db: Db, query: AuditQuery): Promise<AuditPage> {
  const rows = await db.auditEvent.findMany({
    where: {
      ...(query.cursor ? { id: { lt: query.cursor } } : {}),
      ...(query.actor ? { actorLabel: { contains: query.actor, mode: "insensitive" } } : {}),
      ...(query.action ? { action: { startsWith: query.action } } : {}),
      ...(query.targetType ? { targetType: query.targetType } : {}),
      ...(query.project ? { projectId: query.project } : {}),
      ...(query.since || query.until
        ? { createdAt: { ...(query.since ? { gte: new Date(query.since) } : {}), ...(query.until ? { lte: new Date(query.until) } : {}) } }
        : {}),
    },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      at: row.createdAt.toISOString(),
      actor: row.actorLabel,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      projectId: row.projectId,
      before: row.before,
      after: row.after,
      ip: row.ip,
    })),
    nextCursor: rows.length > query.limit ? page.at(-1)!.id : null,
  };
}

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
