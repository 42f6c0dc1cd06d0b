import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { auditCli } from "@/lib/cli/audit";
import { commandDatabaseUrl } from "@/lib/cli/database";
import { resolveSecretKey } from "@/lib/cli/secret-key";
import { createEndpointProfile, listEndpointProfiles } from "@/lib/llm/profiles";

/** `rosetta endpoint add`: an OpenAI-compatible endpoint profile (the key is encrypted at rest). */
export async function addEndpoint(options: { name: string; baseUrl: string; model: string; apiKey?: string; maxConcurrency?: string }): Promise<number> {
  const db = createDb(await commandDatabaseUrl(env), { applicationName: "rosetta-endpoint" });
  try {
    const profile = await createEndpointProfile({
      db,
      secretKey: options.apiKey ? await resolveSecretKey(env) : undefined,
      input: {
        name: options.name,
        baseUrl: options.baseUrl,
        model: options.model,
        apiKey: options.apiKey,
        maxConcurrency: options.maxConcurrency === undefined ? undefined : Number(options.maxConcurrency),
      },
    });
    await auditCli(db, { action: "endpoint.create", targetType: "endpoint_profile", targetId: profile.id, after: profile });
    console.log(`Added endpoint profile "${profile.name}": ${profile.baseUrl} (${profile.model}, ${profile.maxConcurrency} at a time${profile.hasApiKey ? ", key encrypted" : ""}).`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

export async function listEndpoints(): Promise<number> {
  const db = createDb(await commandDatabaseUrl(env), { applicationName: "rosetta-endpoint" });
  try {
    const profiles = await listEndpointProfiles({ db });
    if (!profiles.length) console.log("No endpoint profiles yet: rosetta endpoint add --name <name> --base-url <url> --model <model>");
    for (const p of profiles) console.log(`${p.name.padEnd(20)} ${p.baseUrl}  ${p.model}  ${p.maxConcurrency} at a time${p.hasApiKey ? "  (key set)" : ""}`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}
