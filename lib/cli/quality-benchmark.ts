import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { auditCli } from "@/lib/cli/audit";
import { commandProjectId, withCommandDb } from "@/lib/cli/database";
import { AppError } from "@/lib/errors";
import { BENCHMARK_MAX_BYTES } from "@/lib/projects/benchmark-types";
import { addProjectBenchmark, findProjectBenchmark, listProjectBenchmarks, removeProjectBenchmark } from "@/lib/projects/benchmarks";

/** `rosetta quality benchmark add | list | remove`: a project's own benchmark files, as the settings page manages them. */

async function readBenchmarkFile(file: string): Promise<string> {
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : -1),
    () => -1,
  );
  if (size < 0) throw new AppError("BAD_REQUEST", `${file}: no such file.`);
  if (size > BENCHMARK_MAX_BYTES)
    throw new AppError("PAYLOAD_TOO_LARGE", `${file}: a benchmark file may be at most ${BENCHMARK_MAX_BYTES / (1024 * 1024)} MB.`);
  return readFile(file, "utf8");
}

/** `add <file.jsonl> --project <slug> [--name <name>]` (the name defaults to the file's, without .jsonl). */
export async function addBenchmarkCommand(file: string, options: { project: string; name?: string }): Promise<number> {
  const text = await readBenchmarkFile(file);
  const fileName = path.basename(file);
  const name = options.name ?? fileName.replace(/\.jsonl$/i, "");
  return withCommandDb("rosetta-quality", async (db) => {
    const projectId = await commandProjectId(db, options.project);
    const added = await addProjectBenchmark({ db, projectId, name, fileName, text });
    await auditCli(db, { action: "benchmark.add", targetType: "benchmark", targetId: added.id, projectId, after: added });
    console.log(`Added benchmark "${added.name}" to ${options.project}: ${added.problemCount} problem(s).`);
    return 0;
  });
}

/** `list --project <slug>`: the bundled benchmarks, then the project's files, a line each. */
export async function listBenchmarksCommand(options: { project: string }): Promise<number> {
  return withCommandDb("rosetta-quality", async (db) => {
    const { bundled, files } = await listProjectBenchmarks({ db, projectId: await commandProjectId(db, options.project) });
    for (const b of bundled) console.log(`bundled\t${b.name}\t${b.problems}`);
    for (const f of files) console.log(`project\t${f.name}\t${f.problemCount}\t${f.fileName ?? ""}\t${f.createdAt}`);
    if (!files.length) console.error(`${options.project} has no benchmark files of its own; add one with rosetta quality benchmark add.`);
    return 0;
  });
}

/** `remove <name> --project <slug>`. */
export async function removeBenchmarkCommand(name: string, options: { project: string }): Promise<number> {
  return withCommandDb("rosetta-quality", async (db) => {
    const projectId = await commandProjectId(db, options.project);
    const found = await findProjectBenchmark({ db, projectId, name });
    const removed = await removeProjectBenchmark({ db, projectId, id: found.id });
    await auditCli(db, { action: "benchmark.remove", targetType: "benchmark", targetId: removed.id, projectId, before: removed });
    console.log(`Removed benchmark "${removed.name}" (${removed.problemCount} problem(s)) from ${options.project}.`);
    return 0;
  });
}
