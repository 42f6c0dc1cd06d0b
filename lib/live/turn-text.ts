/**
 * A client's view of a discussion's streamed text, by turn: a stored turn replaces whatever the
 * client had for it; a delta belongs to an attempt of the model call, and a later attempt replaces
 * the text of an earlier one (a retried call streams its answer again from the start). Within an
 * attempt a delta is placed by its offset: what the client has already is dropped (a repeat, or the
 * catch-up text sent on reconnect), a gap waits (for the catch-up or the stored turn). Shared by the
 * browser and tests.
 */

export type TurnText = Map<number, { text: string; final: boolean; attempt: number }>;

export function applyTurn(state: TurnText, seq: number, content: string): void {
  state.set(seq, { text: content, final: true, attempt: state.get(seq)?.attempt ?? 0 });
}

/** Applies a streamed piece; false when it changed nothing (a repeat, an older attempt, a gap, a stored turn). */
export function applyDelta(state: TurnText, seq: number, attempt: number, offset: number, text: string): boolean {
  const stored = state.get(seq);
  if (stored?.final || (stored && attempt < stored.attempt)) return false;
  const current = stored && stored.attempt === attempt ? stored.text : "";
  if (offset > current.length) {
    // A later attempt's piece with its start missed: the earlier attempt's text is wrong either way.
    if (stored?.attempt === attempt) return false;
    state.set(seq, { text: "", final: false, attempt });
    return true;
  }
  if (offset + text.length <= current.length) return false;
  state.set(seq, { text: current + text.slice(current.length - offset), final: false, attempt });
  return true;
}

/** A discussion that is over writes nothing more: what was still streaming will never be stored. */
export function dropUnfinished(state: TurnText): void {
  for (const [seq, entry] of state) if (!entry.final) state.delete(seq);
}
