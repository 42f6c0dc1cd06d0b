import os from "node:os";
import pg from "pg";
import type { Db } from "@/lib/db/client";
import { isProcessAlive } from "@/lib/processes";

/** Runs one SQL statement with positional parameters and returns its rows. */
type Query = <Row>(sql: string, params: unknown[]) => Promise<Row[]>;

/**
 * Marks workers as gone, with why, and hands their jobs back to the queue at once: graphile-worker
 * would otherwise wait 4 hours before taking a job from a worker that vanished (SIGKILL, lost
 * machine). Returns how many were marked.
 */
async function retire(query: Query, where: string, params: unknown[], reason: string): Promise<number> {
  const gone = await query<{ queue_worker_id: string | null }>(
    `update workers set stopped_at = now(), exit_reason = $${params.length + 1} where stopped_at is null and ${where} returning queue_worker_id`,
    [...params, reason],
  );
  const queueIds = gone.map((row) => row.queue_worker_id).filter((id): id is string => id !== null);
  if (queueIds.length) await query("select 1 as unlocked from graphile_worker.force_unlock_workers($1::text[])", [queueIds]);
  return gone.length;
}

const prismaQuery =
  (db: Db): Query =>
  (sql, params) =>
    db.$queryRawUnsafe(sql, ...params);

/**
 * Finds dead workers: those silent for `staleSeconds` (anywhere), and on this machine those whose
 * process is gone (no need to wait for their silence). Their jobs resume on the living.
 */
export async function reapDeadWorkers(db: Db, staleSeconds: number): Promise<number> {
  const query = prismaQuery(db);
  let count = await retire(
    query,
    "last_seen_at < now() - make_interval(secs => $1)",
    [staleSeconds],
    `stopped reporting for ${staleSeconds} s`,
  );
  const local = await db.worker.findMany({
    where: { stoppedAt: null, hostname: os.hostname(), pid: { not: process.pid } },
    select: { id: true, pid: true },
  });
  const dead = local.filter((worker) => !isProcessAlive(worker.pid)).map((worker) => worker.id);
  if (dead.length) count += await retire(query, "id = any($1::uuid[])", [dead], "its process is gone");
  await unlockOrphans(query, staleSeconds);
  return count;
}

/**
 * Jobs locked (for `staleSeconds` or more) by a queue worker no live Rosetta worker owns: a
 * worker killed before it recorded its queue id, so retiring its row could not unlock them.
 * A live worker records its id within milliseconds of taking its first job, so it is never caught.
 */
async function unlockOrphans(query: Query, staleSeconds: number): Promise<void> {
  const orphans = await query<{ locked_by: string }>(
    `select distinct locked_by from graphile_worker.jobs
     where locked_by is not null and locked_at < now() - make_interval(secs => $1)
       and locked_by not in (select queue_worker_id from workers where stopped_at is null and queue_worker_id is not null)`,
    [staleSeconds],
  );
  if (orphans.length)
    await query("select 1 as unlocked from graphile_worker.force_unlock_workers($1::text[])", [orphans.map((row) => row.locked_by)]);
}

/** The studio saw its worker process end (`reason`: "was killed by SIGKILL"): retire it now. */
export async function recordWorkerExit(databaseUrl: string, pid: number, reason: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "rosetta-studio", connectionTimeoutMillis: 5_000 });
  client.on("error", () => undefined); // a drop mid-way surfaces as the query's rejection
  await client.connect();
  try {
    return await retire(
      async (sql, params) => (await client.query(sql, params)).rows,
      "hostname = $1 and pid = $2",
      [os.hostname(), pid],
      reason,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
