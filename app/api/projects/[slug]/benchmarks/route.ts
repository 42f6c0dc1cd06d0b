import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { readBenchmarkUpload } from "@/lib/projects/benchmark-upload";
import { addProjectBenchmark, listProjectBenchmarks } from "@/lib/projects/benchmarks";

export const dynamic = "force-dynamic";

/** The bundled benchmarks (name, problem count) and the project's own benchmark files. */
export const GET = route<{ slug: string }>(
  "project:read",
  async ({ projectId }) => Response.json(await listProjectBenchmarks({ db: getDb(), projectId })),
  { project: "slug" },
);

/** Adds a benchmark file (JSONL; multipart `file` + `name`, or JSON `{name, fileName?, content}`); a bad line is a 400 naming it, and nothing is stored. */
export const POST = route<{ slug: string }>(
  "project:configure",
  async ({ request, projectId, audit }) => {
    const upload = await readBenchmarkUpload(request);
    const db = getDb();
    const added = await addProjectBenchmark({ db, projectId, ...upload });
    await audit("benchmark.add", { type: "benchmark", id: added.id }, { after: added });
    return Response.json(added, { status: 201 });
  },
  { project: "slug" },
);
