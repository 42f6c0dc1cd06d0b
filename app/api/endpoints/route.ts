import { route } from "@/lib/auth/request";
import { parseInput } from "@/lib/http";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createEndpointProfile, EndpointProfileInput, listEndpointProfiles } from "@/lib/llm/profiles";

export const dynamic = "force-dynamic";

/** Endpoint profiles (curators): never their API keys, only whether one is set. */
export const GET = route("endpoint:manage", async () => Response.json({ items: await listEndpointProfiles({ db: getDb() }) }));

export const POST = route("endpoint:manage", async ({ request, audit }) => {
  const body = parseInput(EndpointProfileInput, await request.json().catch(() => null), "endpoint profile");
  const profile = await createEndpointProfile({ db: getDb(), secretKey: env.ROSETTA_SECRET_KEY, input: body });
  await audit("endpoint.create", { type: "endpoint_profile", id: profile.id }, { after: profile });
  return Response.json(profile, { status: 201 });
});
