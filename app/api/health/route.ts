import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { getSystemHealth } from "@/lib/health/check";
import { route } from "@/lib/auth/request";

export const dynamic = "force-dynamic";

/** Public (no sign-in): database, workers, model endpoint, sandbox. 503 when the database is down. */
export const GET = route("public", async () => {
  const health = await getSystemHealth({
    db: getDb(),
    staleSeconds: env.ROSETTA_WORKER_STALE_SECONDS,
    searchPath: env.PATH,
    sandboxMode: env.ROSETTA_SANDBOX,
  });
  return Response.json(health, { status: health.db.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
});
