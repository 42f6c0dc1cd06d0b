import { ASPECTS, type Aspect } from "@/lib/llm/contracts";

/** The aspects, for client code (lib/llm is server-side as a whole). */
export { ASPECTS, type Aspect };

/**
 * The scorer's nine aspects as people read them (the settings' rubric editor, the judge-against-humans
 * report), with what each asks, after the scorer's own prompt (lib/agents/prompts.ts). Client-safe.
 */
export const ASPECT_LABELS: Record<Aspect, { label: string; asks: string }> = {
  consistency: { label: "Q&A consistency", asks: "are the instruction and the solution consistent and correct?" },
  relevance: { label: "Relevance", asks: "is it about computing?" },
  difficulty: { label: "Difficulty", asks: "is it challenging enough?" },
  code_exists: { label: "Code present", asks: "is there code in the instruction or the solution?" },
  code_correctness: { label: "Code correctness", asks: "is the code free of syntax and logic errors, well named and laid out?" },
  clarity: { label: "Clarity", asks: "is the code readable, with meaningful names and a consistent style?" },
  comments: { label: "Comments", asks: "are comments present and useful?" },
  easy_to_learn: { label: "Easy to learn", asks: "is it of value to a student learning the basics?" },
  total: { label: "Total", asks: "an overall rating of the item" },
};
