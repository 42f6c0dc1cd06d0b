import { afterAll, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startWorker } from "@/lib/jobs/worker";
import { startRun } from "@/lib/synthesis/runs";
import { waitForRun } from "@/lib/testing/synthesis";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

it("a worker enqueues the advance of a RUNNING run with nothing on the queue, says so, and the run ends", async () => {
  const project = await db.project.create({ data: { slug: "idle", name: "idle", languages: ["python"], settings: {} } });
  const run = await startRun({ db, projectId: project.id, stages: ["SEED"] });
  // Its advance gone (a nudge lost for whatever reason): nothing on the queue would ever move it.
  await db.$executeRaw`delete from graphile_worker._private_jobs where payload->>'runId' = ${run.id}`;
  const lines: string[] = [];
  const worker = await startWorker({
    databaseUrl: env.DATABASE_URL!,
    concurrency: 1,
    secretKey: undefined,
    log: (line) => lines.push(line),
  });
  try {
    expect(await waitForRun(db, run.id, 30_000)).toBe("SUCCEEDED");
  } finally {
    await worker.stop("test done");
  }
  expect(lines).toContain(`run ${run.id} was RUNNING with nothing on the queue: its advance is enqueued again`);
});
