import { z } from "zod";
import { recordAudit } from "@/lib/auth/accounts";
import { clientAddress, route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { testEndpointProfile } from "@/lib/projects/connection-test";

export const dynamic = "force-dynamic";

/**
 * "Test connection": lists the endpoint's models, then one tiny request; answers 200 with the
 * latency, or with the exact error (`ok: false`) — a failing endpoint is a result, not a failed request.
 */
export const POST = route<{ id: string }>("endpoint:manage", async ({ request, principal }, { id }) => {
  if (!z.uuid().safeParse(id).success) throw new AppError("NOT_FOUND", `No endpoint profile ${id}.`);
  const report = await testEndpointProfile({ id });
  await recordAudit(getDb(), { principal, action: "endpoint.test", targetType: "endpoint_profile", targetId: id, after: report.ok ? { ok: true, latencyMs: report.latencyMs } : { ok: false, step: report.step, error: report.error }, ip: clientAddress(request) });
  return Response.json(report);
});
