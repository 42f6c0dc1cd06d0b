import { recordAudit } from "@/lib/auth/accounts";
import { clientAddress, route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { parseInput } from "@/lib/http";
import { EndpointProfileUpdate, updateEndpointProfile } from "@/lib/llm/profiles";

export const dynamic = "force-dynamic";

/**
 * Changes an endpoint profile: only the fields sent (null clears an optional limit; `apiKey: null`
 * removes the key). A new base URL, model or structured-output mode forgets what AUTO's probe found.
 */
export const PATCH = route<{ id: string }>("endpoint:manage", async ({ request, principal }, { id }) => {
  const input = parseInput(EndpointProfileUpdate, await request.json().catch(() => null), "endpoint profile");
  const db = getDb();
  const { before, after } = await updateEndpointProfile({ db, secretKey: env.ROSETTA_SECRET_KEY, id, input });
  await recordAudit(db, { principal, action: "endpoint.update", targetType: "endpoint_profile", targetId: after.id, before, after, ip: clientAddress(request) });
  return Response.json(after);
});
