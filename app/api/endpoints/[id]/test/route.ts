import { z } from "zod";
import { route } from "@/lib/auth/request";
import { AppError } from "@/lib/errors";
import { testEndpointProfile } from "@/lib/projects/connection-test";

export const dynamic = "force-dynamic";

/**
 * "Test connection": lists the endpoint's models, then one tiny request; answers 200 with the
 * latency, or with the exact error (`ok: false`) — a failing endpoint is a result, not a failed request.
 */
export const POST = route<{ id: string }>("endpoint:manage", async ({ audit }, { id }) => {
  if (!z.uuid().safeParse(id).success) throw new AppError("NOT_FOUND", `No endpoint profile ${id}.`);
  const report = await testEndpointProfile({ id });
  const after = report.ok ? { ok: true, latencyMs: report.latencyMs } : { ok: false, step: report.step, error: report.error };
  await audit("endpoint.test", { type: "endpoint_profile", id }, { after });
  return Response.json(report);
});
