import { listAudit } from "@/lib/auth/audit";
import { AuditQuery } from "@/lib/auth/audit-types";
import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** The audit log (admins): `?actor=&action=&targetType=&project=&since=&cursor=&limit=`. */
export const GET = route("audit:read", async ({ request }) => {
  const query = AuditQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new AppError("BAD_REQUEST", `Invalid query: ${query.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return Response.json(await listAudit(getDb(), query.data));
});
