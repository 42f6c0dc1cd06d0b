import { recordAudit } from "@/lib/auth/accounts";
import { clientAddress, route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createEndpointProfile, EndpointProfileInput, listEndpointProfiles } from "@/lib/llm/profiles";

export const dynamic = "force-dynamic";

/** Endpoint profiles (curators): never their API keys, only whether one is set. */
export const GET = route("endpoint:manage", async () => Response.json({ items: await listEndpointProfiles({ db: getDb() }) }));

export const POST = route("endpoint:manage", async ({ request, principal }) => {
  const body = EndpointProfileInput.safeParse(await request.json().catch(() => null));
  if (!body.success) throw new AppError("BAD_REQUEST", `Invalid endpoint profile: ${body.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`);
  const profile = await createEndpointProfile({ db: getDb(), secretKey: env.ROSETTA_SECRET_KEY, input: body.data });
  await recordAudit(getDb(), { principal, action: "endpoint.create", targetType: "endpoint_profile", targetId: profile.id, after: profile, ip: clientAddress(request) });
  return Response.json(profile, { status: 201 });
});
