import { z } from "zod";

/** A benchmark file is read whole into memory to be checked line by line before anything is stored. */
export const BENCHMARK_MAX_BYTES = 20 * 1024 * 1024;

/** The name a leak is reported with: short, printable, and not one of the bundled benchmarks'. */
export const BenchmarkName = z
  .string()
  .trim()
  .min(1, "is empty")
  .max(80, "is longer than 80 characters")
  .regex(/^[\w.+ -]+$/, "may hold letters, digits, spaces and . _ + - only");

/** A benchmark file a project added (its problems are in benchmark_problems). */
export const BenchmarkFile = z.object({
  id: z.string(),
  name: z.string(),
  fileName: z.string().nullable(),
  problemCount: z.number(),
  createdAt: z.string(),
});
export type BenchmarkFile = z.infer<typeof BenchmarkFile>;

/** The bundled benchmarks (every project is checked against them) and the project's own files. */
export const BenchmarkList = z.object({
  bundled: z.array(z.object({ name: z.string(), problems: z.number() })),
  files: z.array(BenchmarkFile),
});
export type BenchmarkList = z.infer<typeof BenchmarkList>;
