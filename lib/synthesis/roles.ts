import "server-only";
import type { Db } from "@/lib/db/client";
import type { SynthesisServices } from "@/lib/synthesis/services";
import type { AgentTask } from "@/lib/llm/contracts";
import type { LlmRoleName } from "@/lib/model-roles";
import type { CallResult } from "@/lib/llm/gateway";
import { resolveRoleEndpoint, type ResolvedEndpoint } from "@/lib/llm/profiles";
import type { Messages } from "@/lib/agents/prompts";
import type { AnswerContext, Contract } from "@/lib/llm/parse";

const CACHE_MS = 10_000;
const cache = new Map<string, { endpoint: Promise<ResolvedEndpoint>; at: number }>();

/** The endpoint a project's role is bound to, cached briefly (every call of a run asks). */
export function roleEndpoint(db: Db, secretKey: string | undefined, projectId: string, role: LlmRoleName): Promise<ResolvedEndpoint> {
  const key = `${projectId}:${role}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.endpoint;
  const endpoint = resolveRoleEndpoint({ db, secretKey, projectId, role });
  cache.set(key, { endpoint, at: Date.now() });
  endpoint.catch(() => cache.delete(key));
  return endpoint;
}

export interface RoleCall {
  projectId: string;
  runId?: string;
  role: LlmRoleName;
  task?: AgentTask;
  stage: string;
  language: string;
  messages: Messages;
  onToken?: (delta: string) => void;
  signal?: AbortSignal;
  temperature?: number;
  seed?: number;
  /** The step that keeps the answer writes its llm_calls row (lib/synthesis/steps.ts, turn-log.ts). */
  recordWithStep?: boolean;
}

/** A structured call of a project's role: the parsed value, the raw text and the llm_calls row. */
export async function callRole<T>(
  db: Db,
  services: SynthesisServices,
  contract: Contract<T>,
  call: RoleCall & { context?: AnswerContext },
): Promise<{ value: T; result: CallResult }> {
  const endpoint = await roleEndpoint(db, services.secretKey, call.projectId, call.role);
  return services.gateway.callStructured(endpoint, contract, { ...call, stream: true });
}
