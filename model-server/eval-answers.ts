import { hash32 } from "@/lib/random";
import { promptInMessage } from "@/lib/eval/prompt";
import { bundledSuite } from "@/lib/eval/suites";
import { BUNDLED_SUITES, type EvalProblem } from "@/lib/eval/types";

/**
 * `--eval canonical|wrong`: the server answers an evaluation's question (lib/eval/prompt.ts) by
 * looking the problem up in the bundled suites by its prompt, with the problem's canonical solution
 * (or, with "wrong", another problem's) worded as real models word code: a fence with or without a
 * language tag, the whole function or only its body, prose around it, a <think> block first.
 */

export type EvalMode = "canonical" | "wrong";

let index: Map<string, EvalProblem[]> | undefined;
const key = (prompt: string) => prompt.trim().replace(/\r\n/g, "\n");

function problemsByPrompt(): Map<string, EvalProblem[]> {
  if (index) return index;
  index = new Map();
  for (const suite of BUNDLED_SUITES)
    for (const problem of bundledSuite(suite)) {
      const list = index.get(key(problem.prompt)) ?? [];
      list.push(problem);
      index.set(key(problem.prompt), list);
    }
  return index;
}

/** Another problem of the same suite and language with a canonical solution: a wrong answer that still looks like code. */
function otherProblem(problem: EvalProblem): EvalProblem | undefined {
  const same = bundledSuite(problem.suite as (typeof BUNDLED_SUITES)[number]).filter(
    (candidate) => candidate.language === problem.language && candidate.canonical && candidate.taskId !== problem.taskId,
  );
  return same[hash32(problem.taskId) % Math.max(1, same.length)];
}

/** The answer to an evaluation question, or undefined when the message is not one (the server answers as usual then). */
export function evalAnswer(mode: EvalMode, userMessage: string): string | undefined {
  const prompt = promptInMessage(userMessage);
  if (prompt === undefined) return undefined;
  const problem = problemsByPrompt()
    .get(key(prompt))
    ?.find((candidate) => candidate.canonical);
  if (!problem) return problemsByPrompt().has(key(prompt)) ? "I am not able to solve this one." : undefined;
  const body = mode === "canonical" ? problem.canonical! : (otherProblem(problem)?.canonical ?? "\n");
  const whole = `${problem.prompt}${body}`.trim();
  const tag = problem.language;
  switch (hash32(problem.suite, problem.language, problem.taskId) % 5) {
    case 0:
      return `\`\`\`${tag}\n${whole}\n\`\`\``;
    case 1:
      return `Here is the completed function:\n\n\`\`\`\n${whole}\n\`\`\`\n\nIt handles the examples in the docstring.`;
    case 2:
      return `\`\`\`${tag}\n${body.replace(/^\n+/, "").replace(/\s+$/, "")}\n\`\`\``;
    case 3:
      return `<think>\nLet me work through the examples first.\n</think>\n\`\`\`${tag}\n${whole}\n\`\`\``;
    default:
      return `Sure.\n\n\`\`\`${tag}\n${body.replace(/^\n+/, "").replace(/\s+$/, "")}\n\`\`\`\n\nThis completes the function body.`;
  }
}
