import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The team's shared benchmark data (HumanEval-X…) lives beside the repository, in ../shared/data;
 * a clone elsewhere on the same machine finds it at /work/shared/data.
 */
export function sharedDataDir(): string | undefined {
  const root = path.resolve(import.meta.dirname, "..", "..");
  return [path.resolve(root, "..", "shared", "data"), "/work/shared/data"].find((dir) => existsSync(path.join(dir, "humaneval-x")));
}
