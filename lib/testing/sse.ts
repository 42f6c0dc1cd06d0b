/** A Server-Sent Events message as a test reads it. */
export type SseMessage = { id?: string; event: string; data: Record<string, unknown> };

/** Reads SSE messages from the stream until `until` says stop (then cancels it), or the stream ends. */
export async function readSse(
  stream: ReadableStream<Uint8Array>,
  until: (message: SseMessage, all: SseMessage[]) => boolean,
): Promise<SseMessage[]> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const messages: SseMessage[] = [];
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return messages;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = Object.fromEntries(
        block
          .split("\n")
          .filter((line) => line && !line.startsWith(":"))
          .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]),
      );
      if (!fields.event) continue;
      const message = { id: fields.id, event: fields.event, data: JSON.parse(fields.data ?? "{}") as Record<string, unknown> };
      messages.push(message);
      if (until(message, messages)) {
        await reader.cancel();
        return messages;
      }
    }
  }
}
