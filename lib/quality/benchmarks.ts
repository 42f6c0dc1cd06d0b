import "server-only";
import type { BenchmarkProblem } from "@/lib/quality/types";

/** TEMP stand-in (the decontamination part ships the real bundle): two HumanEval problems. */
export function bundledBenchmarks(): BenchmarkProblem[] {
  return [
    {
      benchmark: "HumanEval",
      taskId: "HumanEval/0",
      language: "python",
      statement: "Check if in given list of numbers, are any two numbers closer to each other than given threshold.",
      solution:
        "def has_close_elements(numbers, threshold):\n    for idx, elem in enumerate(numbers):\n        for idx2, elem2 in enumerate(numbers):\n            if idx != idx2:\n                distance = abs(elem - elem2)\n                if distance < threshold:\n                    return True\n    return False\n",
    },
    {
      benchmark: "HumanEval",
      taskId: "HumanEval/12",
      language: "python",
      statement:
        "Out of list of strings, return the longest one. Return the first one in case of multiple strings of the same length. Return None in case the input list is empty.",
    },
  ];
}
