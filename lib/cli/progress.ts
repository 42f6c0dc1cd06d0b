/**
 * A one-line progress display on stderr: redrawn in place on a terminal, a line every few seconds
 * otherwise (logs, CI), so long work always shows it is moving.
 */
export function progressLine(label: string): { update(text: string): void; done(text: string): void } {
  const tty = process.stderr.isTTY;
  const frames = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
  let frame = 0;
  let lastPrint = 0;
  return {
    update(text) {
      const now = Date.now();
      if (tty) {
        if (now - lastPrint < 80) return;
        process.stderr.write(`\r\x1b[2K${frames[frame++ % frames.length]} ${label} ${text}`);
      } else {
        if (now - lastPrint < 5_000) return;
        process.stderr.write(`${label} ${text}\n`);
      }
      lastPrint = now;
    },
    done(text) {
      process.stderr.write(tty ? `\r\x1b[2K✔ ${label} ${text}\n` : `${label} ${text}\n`);
    },
  };
}
