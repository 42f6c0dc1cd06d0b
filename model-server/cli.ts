import { z } from "zod";
import { AppError } from "@/lib/errors";
import { FormatMode } from "@/model-server/formats";
import { evenFaults, MODEL_ID, ModelServerConfig, startModelServer } from "@/model-server/server";

const Options = z.object({
  host: z.string(),
  port: z.coerce.number().int().min(0).max(65535),
  seed: z.coerce.number().int(),
  wrongRate: z.coerce.number().min(0).max(1),
  eliminateRate: z.coerce.number().min(0).max(1).optional(),
  ttftMs: z.coerce.number().min(0),
  tokensPerSecond: z.coerce.number().positive(),
  faultRate: z.coerce.number().min(0).max(1),
  retryAfter: z.coerce.number().min(0),
  apiKey: z.string().min(1).optional(),
  format: FormatMode,
  eval: z.enum(["canonical", "wrong"]).optional(),
});

/** `rosetta model-server`: runs until Ctrl-C / SIGTERM. */
export async function runModelServer(raw: Record<string, string>): Promise<number> {
  const parsed = Options.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      "BAD_REQUEST",
      `Invalid option: ${parsed.error.issues.map((i) => `--${String(i.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${i.message}`).join("; ")}`,
    );
  const { faultRate, retryAfter, ...rest } = parsed.data;
  const config: ModelServerConfig = { ...rest, retryAfterSeconds: retryAfter, faults: evenFaults(faultRate) };
  const server = await startModelServer(config).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EADDRINUSE") throw new AppError("PORT_IN_USE", `Port ${rest.port} is already in use: choose another with --port.`);
    throw error;
  });
  console.log(`Scripted model server on ${server.url} (model "${MODEL_ID}").`);
  console.log("NO LANGUAGE MODEL INSIDE: answers come from a bank of real problems, chosen by seed, for tests and demos.");
  console.log(
    `seed ${rest.seed} · wrong solutions ${Math.round(rest.wrongRate * 100)}% · eliminated evolutions ${Math.round((rest.eliminateRate ?? 0.1) * 100)}% · first token ${rest.ttftMs} ms · ${rest.tokensPerSecond} tokens/s · faults ${Math.round(faultRate * 100)}% · format ${rest.format}${rest.eval ? ` · evaluation answers ${rest.eval}` : ""}`,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await server.close();
  return 0;
}
