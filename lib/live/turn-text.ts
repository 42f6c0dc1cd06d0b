/**
 * A client's view of a discussion's streamed text, by turn: a stored turn replaces whatever the
 * client had for it; a delta is applied only where the client's text for that turn ends (a repeat
 * after a reconnect is dropped; a gap waits for the stored turn). Shared by the browser and tests.
 */

export type TurnText = Map<number, { text: string; final: boolean }>;

export function applyTurn(state: TurnText, seq: number, content: string): void {
  state.set(seq, { text: content, final: true });
}

export function applyDelta(state: TurnText, seq: number, offset: number, text: string): boolean {
  const current = state.get(seq) ?? { text: "", final: false };
  if (current.final || offset !== current.text.length) return false;
  state.set(seq, { text: current.text + text, final: false });
  return true;
}
