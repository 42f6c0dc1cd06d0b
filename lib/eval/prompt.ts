import { LANGUAGE_NAMES, Language } from "@/lib/languages";
import type { EvalProblem } from "@/lib/eval/types";

/** Each problem as a chat request, the way instruction-tuned models are evaluated on completion benchmarks. */

export const EVAL_SYSTEM = "You are an expert programmer. Answer with the complete code in one fenced code block.";

export function evalMessages(problem: Pick<EvalProblem, "language" | "prompt">): { role: "system" | "user"; content: string }[] {
  const parsed = Language.safeParse(problem.language);
  const name = parsed.success ? LANGUAGE_NAMES[parsed.data] : problem.language;
  return [
    { role: "system", content: EVAL_SYSTEM },
    {
      role: "user",
      content: `Complete the following ${name} function. Keep its signature and return the whole function.\n\n\`\`\`${problem.language}\n${problem.prompt.trim()}\n\`\`\``,
    },
  ];
}

/** The code the user message shows (what the scripted model server looks problems up by). */
export function promptInMessage(message: string): string | undefined {
  return /```[\w#+-]*\n([\s\S]*?)\n```\s*$/.exec(message)?.[1];
}
