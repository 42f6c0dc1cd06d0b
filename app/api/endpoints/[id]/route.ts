import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { parseInput } from "@/lib/http";
import { EndpointProfileUpdate, updateEndpointProfile } from "@/lib/llm/profiles";
import { removeEndpointProfile } from "@/lib/llm/remove-profile";

export const dynamic = "force-dynamic";

/**
 * Changes an endpoint profile: only the fields sent (null clears an optional limit; `apiKey: null`
 * removes the key). A new base URL, model or structured-output mode forgets what AUTO's probe found.
 */
export const PATCH = route<{ id: string }>("endpoint:manage", async ({ request, audit }, { id }) => {
  const input = parseInput(EndpointProfileUpdate, await request.json().catch(() => null), "endpoint profile");
  const { before, after } = await updateEndpointProfile({ db: getDb(), secretKey: env.ROSETTA_SECRET_KEY, id, input });
  await audit("endpoint.update", { type: "endpoint_profile", id: after.id }, { before, after });
  return Response.json(after);
});

/** Removes a profile: refused (409, naming them) while any project binds it. */
export const DELETE = route<{ id: string }>("endpoint:manage", async ({ audit }, { id }) => {
  const removed = await removeEndpointProfile({ db: getDb(), id });
  await audit("endpoint.delete", { type: "endpoint_profile", id: removed.id }, { before: removed });
  return Response.json({ removed: removed.id });
});
