import type { LivePublisher } from "@/lib/live/publisher";
import type { Gateway } from "@/lib/llm/gateway";
import type { SandboxPool } from "@/lib/sandbox/verify";

/** What the synthesis stages call out to: the models, the live feed, the sandbox. A worker provides them. */
export interface SynthesisServices {
  gateway: Gateway;
  live: LivePublisher;
  /** Decrypts endpoint API keys. */
  secretKey: string | undefined;
  /** Runs candidates' code against their tests. */
  sandbox: SandboxPool;
}
