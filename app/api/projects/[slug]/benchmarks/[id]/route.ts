import { idParam } from "@/lib/auth/ids";
import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { removeProjectBenchmark } from "@/lib/projects/benchmarks";

export const dynamic = "force-dynamic";

/** Removes one of the project's benchmark files with its problems. */
export const DELETE = route<{ slug: string; id: string }>(
  "project:configure",
  async ({ projectId, audit }, { id }) => {
    const removed = await removeProjectBenchmark({ db: getDb(), projectId, id: idParam(id, "benchmark file") });
    await audit("benchmark.remove", { type: "benchmark", id: removed.id }, { before: removed });
    return Response.json({ removed: removed.id });
  },
  { project: "slug" },
);
