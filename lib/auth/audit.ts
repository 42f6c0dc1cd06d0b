import "server-only";
import type { Db } from "@/lib/db/client";
import type { AuditPage, AuditQuery } from "@/lib/auth/audit-types";

/** The audit log, newest first, a page at a time, filtered by actor, action, target type, project and time. */

export async function listAudit(db: Db, query: AuditQuery): Promise<AuditPage> {
  const rows = await db.auditEvent.findMany({
    where: {
      ...(query.cursor ? { id: { lt: query.cursor } } : {}),
      ...(query.actor ? { actorLabel: { contains: query.actor, mode: "insensitive" } } : {}),
      ...(query.action ? { action: { startsWith: query.action } } : {}),
      ...(query.targetType ? { targetType: query.targetType } : {}),
      ...(query.project ? { projectId: query.project } : {}),
      ...(query.since ? { createdAt: { gte: new Date(query.since) } } : {}),
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
