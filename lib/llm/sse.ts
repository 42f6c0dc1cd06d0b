/**
 * An incremental reader of a text/event-stream body, fed the text as it arrives: each complete
 * event with data is handed over with its name (null without one). It reads what OpenAI's client
 * reads (lines ending in CRLF, LF or CR, `data:` lines joined by newlines, comments, the optional
 * space after the colon) and leaves out an event without data, which has nothing to parse. An event
 * left unfinished when the stream ends is dropped, as the SSE specification says.
 *
 * Written for a model's stream: one small event per token, thousands per answer. A chunk is cut
 * into lines with indexOf over strings, never copied byte by byte, and a line longer than a chunk
 * is searched only where its new text starts.
 */
export class SseReader {
  /** The text after the last line end: the start of a line still arriving. */
  private partial = "";
  /** The last chunk ended in CR: a LF starting the next one belongs to the same line end. */
  private afterCr = false;
  private data: string | undefined;
  private event: string | null = null;

  constructor(private readonly onEvent: (data: string, event: string | null) => void) {}

  push(chunk: string): void {
    let text = chunk;
    if (this.afterCr) {
      this.afterCr = false;
      if (text.charCodeAt(0) === 10) text = text.slice(1);
    }
    if (text.includes("\r")) {
      this.afterCr = text.charCodeAt(text.length - 1) === 13;
      text = text.replace(/\r\n?/g, "\n");
    }
    const buffer = this.partial + text;
    let start = 0;
    let end = buffer.indexOf("\n", this.partial.length);
    while (end !== -1) {
      this.line(buffer.slice(start, end));
      start = end + 1;
      end = buffer.indexOf("\n", start);
    }
    this.partial = start === 0 ? buffer : buffer.slice(start);
  }

  private line(line: string): void {
    if (line === "") {
      const { data, event } = this;
      this.data = undefined;
      this.event = null;
      if (data !== undefined) this.onEvent(data, event);
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ":" a comment (keep-alives)
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1);
    if (field === "data") this.data = this.data === undefined ? value : `${this.data}\n${value}`;
    else if (field === "event") this.event = value;
  }
}
