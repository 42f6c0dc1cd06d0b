import "server-only";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { Gateway } from "@/lib/llm/gateway";
import { InProcessLimiter } from "@/lib/llm/limiter";
import { resolveEndpoint } from "@/lib/llm/profiles";
import { testEndpointConnection, type ConnectionReport } from "@/lib/llm/test-connection";

let gateway: Gateway | undefined;

/**
 * The "Test connection" button, from the web process: one gateway per process with short timeouts
 * (a person is waiting; a hung endpoint should say so within half a minute) and an in-process
 * limiter — one tiny request may go over the endpoint's cross-worker concurrency by one, which is
 * cheaper than holding a limiter's connection pool in every web process.
 */
export async function testEndpointProfile({ id }: { id: string }): Promise<ConnectionReport> {
  const db = getDb();
  const endpoint = await resolveEndpoint({ db, secretKey: env.ROSETTA_SECRET_KEY, id });
  gateway ??= new Gateway({ db, limiter: new InProcessLimiter(), timeouts: { firstTokenMs: 15_000, idleMs: 15_000, totalMs: 30_000 } });
  return testEndpointConnection({ gateway, endpoint });
}
