import path from "node:path";
import { z } from "zod";
import { TrustProxySetting } from "@/lib/auth/trust-proxy";
import { AppError } from "@/lib/errors";

/**
 * The one typed view of the environment. Nothing else reads `process.env` (a lint rule enforces it);
 * every variable is documented in `.env.example`.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Any PostgreSQL >= 15. Unset: `rosetta studio` starts an embedded PostgreSQL under ROSETTA_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .optional(),
  /** Web port of `rosetta studio`. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Address the web server binds to. 127.0.0.1 keeps the studio local; 0.0.0.0 serves the network. */
  HOST: z.string().min(1).default("127.0.0.1"),
  /**
   * The proxies in front of the web server that may name the client in X-Forwarded-For: a number of
   * hops (1: take the right-most entry) or their addresses/CIDRs. Unset: none (lib/auth/trust-proxy.ts).
   */
  TRUST_PROXY: TrustProxySetting.default({ kind: "none" }),
  /** Where Rosetta keeps its state (the embedded cluster, run files), relative to the working directory. */
  ROSETTA_DATA_DIR: z.string().min(1).default(".rosetta"),
  /** Jobs one worker process runs at the same time. */
  ROSETTA_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** `rosetta worker`'s queues when --queues is not given, e.g. "verify,solve" (lib/jobs/specs.ts WORKER_QUEUES); all by default. */
  ROSETTA_WORKER_QUEUES: z.string().optional(),
  /** A worker that has not reported for this many seconds counts as gone in /api/health. */
  ROSETTA_WORKER_STALE_SECONDS: z.coerce.number().int().min(5).default(20),
  /** A run's items on the job queue at once, fixed; unset: sized by the live workers (lib/synthesis/dispatch.ts). */
  ROSETTA_RUN_WINDOW: z.coerce.number().int().min(1).optional(),
  /** 32 bytes, base64: encrypts endpoint API keys at rest. The studio creates one in ROSETTA_DATA_DIR if unset. */
  ROSETTA_SECRET_KEY: z.string().optional(),
  /**
   * How candidates' code runs. "isolated" (bubblewrap, cgroups, prlimit, an unprivileged uid; needs
   * root) or refuse; "unsafe-local" runs it without isolation where isolation is impossible — only for
   * code you trust.
   */
  ROSETTA_SANDBOX: z.enum(["isolated", "unsafe-local"]).default("isolated"),
  /** Code runs one worker process verifies at once (default: one per CPU core). */
  ROSETTA_SANDBOX_SLOTS: z.coerce.number().int().min(1).max(64).optional(),
  /** Where toolchains (python3, javac, go, …) and bubblewrap are looked up. */
  PATH: z.string().default("/usr/local/bin:/usr/bin:/bin"),
});

export type Env = z.infer<typeof EnvSchema> & { dataDir: string };

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty value means unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new AppError("CONFIG_INVALID", `Invalid environment (see .env.example):\n${lines.join("\n")}`);
  }
  return { ...result.data, dataDir: path.resolve(result.data.ROSETTA_DATA_DIR) };
}

export const env: Env = parseEnv(process.env);

/** The environment for a process Rosetta starts: ours, plus what the child must know. */
export function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...overrides };
}
