import type { Db } from "@/lib/db/client";
import type { EvalStatus, EvalVerdict } from "@/lib/db/generated/enums";

/**
 * A finished (or running) evaluation written straight to eval_runs and eval_results, for the read
 * side's tests: `answers` maps "language/task" to each sample's verdict, e.g. { "python/HumanEval/0": ["PASS"] }.
 */
export async function insertEvalRun(
  db: Db,
  {
    projectId,
    label,
    model = label,
    suite = "humaneval",
    status = "SUCCEEDED",
    answers,
    total,
    summary,
    datasetVersionId,
  }: {
    projectId: string;
    label: string;
    model?: string;
    suite?: string;
    status?: EvalStatus;
    answers: Record<string, EvalVerdict[]>;
    total?: number;
    summary?: Record<string, { problems: number; samples: number; passed: number; excluded: number; "pass@1": number }>;
    datasetVersionId?: string;
  },
): Promise<string> {
  const rows = Object.entries(answers).flatMap(([key, verdicts]) => {
    const [language, ...task] = key.split("/");
    return verdicts.map((verdict, sampleIndex) => ({ language: language!, taskId: task.join("/"), sampleIndex, verdict }));
  });
  const run = await db.evalRun.create({
    data: {
      projectId,
      label,
      baseUrl: "http://127.0.0.1:1/v1",
      model,
      suite,
      languages: [...new Set(rows.map((row) => row.language))],
      samples: Math.max(1, ...Object.values(answers).map((v) => v.length)),
      status,
      total: total ?? rows.length,
      done: rows.length,
      summary,
      datasetVersionId,
      results: {
        create: rows.map((row) => ({
          ...row,
          answer: `Here it is:\n\`\`\`\n# ${row.taskId} sample ${row.sampleIndex}\n\`\`\``,
          code: `# ${row.taskId} sample ${row.sampleIndex}`,
          output: row.verdict === "PASS" ? "" : `AssertionError in ${row.taskId}`,
          durationMs: 12,
        })),
      },
    },
  });
  return run.id;
}
