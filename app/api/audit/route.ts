import { listAudit } from "@/lib/auth/audit";
import { AuditQuery } from "@/lib/auth/audit-types";
import { parseInput, queryOf } from "@/lib/http";
import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** The audit log (admins): `?actor=&action=&targetType=&project=&since=&until=&cursor=&limit=`. */
export const GET = route("audit:read", async ({ request }) => {
  const query = parseInput(AuditQuery, queryOf(request), "query");
  return Response.json(await listAudit(getDb(), query));
});
