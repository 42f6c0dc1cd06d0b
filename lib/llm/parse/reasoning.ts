/**
 * Reasoning a model writes before its answer is never the answer: it may hold braces, code fences
 * and JSON-looking sketches. Tags seen in the wild: <think> (DeepSeek-R1, Qwen3, QwQ), <thinking>,
 * <reasoning>, [THINK] (Magistral), and gpt-oss's harmony channels when a server leaves them in.
 */

const OPENING = /^\s*(?:<(think|thinking|reasoning)\b[^>]*>|\[THINK\])/i;
const CLOSING = /<\/(?:think|thinking|reasoning)\s*>|\[\/THINK\]/i;
const HARMONY_FINAL = /<\|channel\|>\s*final\s*(?:<\|constrain\|>\s*\w+\s*)?<\|message\|>/i;
const HARMONY_END = /<\|(?:return|end|call)\|>\s*$/i;

export function splitReasoning(text: string): { answer: string; reasoning: string | null } {
  const thoughts: string[] = [];
  let rest = text;
  // Leading blocks, one after another; an unclosed one holds everything after it.
  for (let open = OPENING.exec(rest); open; open = OPENING.exec(rest)) {
    const body = rest.slice(open[0].length);
    const close = CLOSING.exec(body);
    thoughts.push(close ? body.slice(0, close.index) : body);
    rest = close ? body.slice(close.index + close[0].length) : "";
  }
  if (!thoughts.length) {
    // A closing tag with no opening one: the chat template put the opening tag in the prompt.
    const close = CLOSING.exec(text) ?? HARMONY_FINAL.exec(text);
    if (close && !insideString(text, close.index)) {
      thoughts.push(text.slice(0, close.index));
      rest = text.slice(close.index + close[0].length).replace(HARMONY_END, "");
    }
  }
  if (!thoughts.length) return { answer: text, reasoning: null };
  const reasoning = thoughts
    .map((thought) => thought.replace(/<\|[a-z_]+\|>/gi, " ").trim())
    .filter(Boolean)
    .join("\n\n");
  return { answer: rest.trim(), reasoning: reasoning || null };
}

/**
 * Whether a position is inside a double-quoted string on its line: a "</think>" written in a JSON
 * answer's code ("strip the </think> tag") is content, not the end of a reasoning block.
 */
function insideString(text: string, at: number): boolean {
  const line = text.slice(text.lastIndexOf("\n", at - 1) + 1, at);
  return (line.replace(/\\./g, "").match(/"/g)?.length ?? 0) % 2 === 1;
}
