import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";
import readline from "node:readline";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { SandboxPool, sandboxStatus, type VerifyResult } from "@/lib/sandbox/verify";

const Item = z.object({ id: z.union([z.string(), z.number()]), language: z.string().min(1), code: z.string(), tests: z.string() });

interface Line {
  id: string | number;
  status: VerifyResult["status"];
  reason: string;
  durationMs: number;
}

/** `rosetta verify <items.jsonl> [--out results.jsonl] [--concurrency N]`: one result per item, in input order. */
export async function runVerify(file: string, options: { out?: string; concurrency?: string }): Promise<number> {
  const concurrency = Number(options.concurrency ?? 2);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new AppError("BAD_REQUEST", `--concurrency must be a positive whole number, not "${options.concurrency}".`);
  const status = sandboxStatus(env.ROSETTA_SANDBOX);
  if (!status.ok) throw new AppError("SANDBOX_UNAVAILABLE", `Cannot verify code on this machine: ${status.reason}.`);
  if (status.mode === "unsafe-local") process.stderr.write(`warning: ${status.detail}\n`);
  const input = createReadStream(file);
  await once(input, "open").catch((error: NodeJS.ErrnoException) => {
    throw new AppError("BAD_REQUEST", error.code === "ENOENT" ? `No such file: ${file}` : `Cannot read ${file}: ${error.message}`);
  });
  const out = options.out ? createWriteStream(options.out) : process.stdout;
  const pool = new SandboxPool(concurrency, status.mode);
  const results: Promise<Line>[] = [];
  const counts: Record<string, number> = { pass: 0, fail: 0, error: 0, timeout: 0 };
  const started = Date.now();
  let settled = 0;
  const progress = () => {
    if (process.stderr.isTTY)
      process.stderr.write(
        `\r\x1b[2Kverifying ${settled}/${results.length} · ${counts.pass} pass · ${counts.fail} fail · ${counts.error} error · ${counts.timeout} timeout`,
      );
  };
  let lineNumber = 0;
  for await (const text of readline.createInterface({ input, crlfDelay: Infinity })) {
    lineNumber += 1;
    if (!text.trim()) continue;
    const at = lineNumber;
    let parsed: z.infer<typeof Item> | undefined;
    let problem = "";
    try {
      const result = Item.safeParse(JSON.parse(text));
      if (result.success) parsed = result.data;
      else problem = result.error.issues.map((issue) => `${issue.path.join(".") || "item"}: ${issue.message}`).join("; ");
    } catch (error) {
      problem = `not JSON (${(error as Error).message})`;
    }
    const item = parsed;
    const result: Promise<Line> = item
      ? pool.verify(item).then(({ status, reason, durationMs }) => ({ id: item.id, status, reason, durationMs }))
      : Promise.resolve({ id: `line ${at}`, status: "error" as const, reason: `line ${at}: ${problem}`, durationMs: 0 });
    results.push(
      result.then((line) => {
        counts[line.status] = (counts[line.status] ?? 0) + 1;
        settled += 1;
        progress();
        return line;
      }),
    );
  }
  for (const result of results) out.write(`${JSON.stringify(await result)}\n`);
  await pool.close();
  if (out !== process.stdout) (out as NodeJS.WritableStream).end();
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[2K");
  process.stderr.write(
    `${results.length} item(s) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${counts.pass} pass, ${counts.fail} fail, ${counts.error} error, ${counts.timeout} timeout\n`,
  );
  return 0;
}
