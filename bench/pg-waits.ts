import pg from "pg";

/**
 * `BENCH_PG_WAITS=1`: what the run's PostgreSQL backends are doing, sampled every 10 ms from
 * pg_stat_activity (active ones only): each sample counts its wait (`CPU` when none: running or
 * waiting for a core) and the statement's first 70 characters. Where the time of statements goes,
 * beside pg_stat_statements' totals: WAL flushes (IO:WalSync), the NOTIFY queue's lock
 * (Lock:object, held by a notifying commit through its flush), row and advisory locks.
 */
export async function samplePgWaits(url: string): Promise<{ stop: () => Promise<[string, number][]> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts = new Map<string, number>();
  let sampling = true;
  const loop = (async () => {
    while (sampling) {
      const { rows } = await client.query<{ key: string }>(
        `select coalesce(wait_event_type, 'CPU') || ':' || coalesce(wait_event, '-') || ' | ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 70) as key
           from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`,
      );
      for (const { key } of rows) counts.set(key, (counts.get(key) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })().catch((error: Error) => console.error(`the pg_stat_activity sampler stopped: ${error.message}`));
  let stopped: Promise<[string, number][]> | undefined;
  return {
    // Idempotent: the run's end prints the samples, the bench's cleanup stops a sampler a failed run left.
    stop: () =>
      (stopped ??= (async () => {
        sampling = false;
        await loop;
        await client.end();
        return [...counts].sort((a, b) => b[1] - a[1]);
      })()),
  };
}

export function printPgWaits(samples: [string, number][], top = 25): void {
  const total = samples.reduce((sum, [, n]) => sum + n, 0);
  console.log(`  PostgreSQL's active backends, sampled every 10 ms (${total} samples; wait | statement):`);
  for (const [key, n] of samples.slice(0, top)) console.log(`    ${String(n).padStart(6)}  ${key}`);
}
