import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { StructuredOutputMode } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import type { LlmRoleName } from "@/lib/llm/contracts";
import { decryptSecret, encryptSecret } from "@/lib/llm/secrets";

/** An endpoint profile as the gateway uses it: the key decrypted, prices as numbers. Server-side only. */
export interface ResolvedEndpoint {
  id: string;
  name: string;
  baseUrl: string;
  model: string;
  apiKey: string | null;
  maxConcurrency: number;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  temperature: number | null;
  topP: number | null;
  /** Overrides every role's default answer limit on this endpoint. */
  maxTokens: number | null;
  /** The ceiling of the one retry after a truncated answer (null: the gateway's default ceiling). */
  maxOutputTokens: number | null;
  /** The mode asked for; with AUTO, `structuredOutputDetected` is what the probe found (null: not probed yet). */
  structuredOutput: StructuredOutputMode;
  structuredOutputDetected: StructuredOutputMode | null;
  inputPricePerMillion: number | null;
  outputPricePerMillion: number | null;
}

export const EndpointProfileInput = z.object({
  name: z.string().trim().min(1).max(100),
  baseUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. http://localhost:8000/v1" }),
  model: z.string().trim().min(1),
  apiKey: z.string().min(1).optional(),
  maxConcurrency: z.number().int().min(1).max(1024).default(4),
  requestsPerMinute: z.number().int().positive().nullish(),
  tokensPerMinute: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  topP: z.number().gt(0).max(1).nullish(),
  maxTokens: z.number().int().positive().nullish(),
  inputPricePerMillion: z.number().min(0).nullish(),
  outputPricePerMillion: z.number().min(0).nullish(),
});
export type EndpointProfileInput = z.input<typeof EndpointProfileInput>;

/** What may leave the server: everything but the key, and whether there is one. */
export interface EndpointProfileView extends Omit<ResolvedEndpoint, "apiKey"> {
  hasApiKey: boolean;
}

export async function createEndpointProfile({ db, secretKey, input }: { db: Db; secretKey: string | undefined; input: EndpointProfileInput }): Promise<EndpointProfileView> {
  const parsed = EndpointProfileInput.safeParse(input);
  if (!parsed.success) throw new AppError("BAD_REQUEST", `Invalid endpoint profile: ${z.prettifyError(parsed.error)}`);
  const { apiKey, ...fields } = parsed.data;
  const existing = await db.endpointProfile.findUnique({ where: { name: fields.name }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", `An endpoint profile named "${fields.name}" already exists.`);
  const row = await db.endpointProfile.create({
    data: { ...fields, baseUrl: fields.baseUrl.replace(/\/+$/, ""), apiKeyCiphertext: apiKey ? encryptSecret(apiKey, secretKey) : null },
  });
  return toView(row);
}

type ProfileRow = Awaited<ReturnType<Db["endpointProfile"]["findUniqueOrThrow"]>>;

function numbers(row: ProfileRow) {
  return {
    id: row.id,
    name: row.name,
    baseUrl: row.baseUrl,
    model: row.model,
    maxConcurrency: row.maxConcurrency,
    requestsPerMinute: row.requestsPerMinute,
    tokensPerMinute: row.tokensPerMinute,
    temperature: row.temperature,
    topP: row.topP,
    maxTokens: row.maxTokens,
    maxOutputTokens: row.maxOutputTokens,
    structuredOutput: row.structuredOutput,
    structuredOutputDetected: row.structuredOutputDetected,
    inputPricePerMillion: row.inputPricePerMillion === null ? null : Number(row.inputPricePerMillion),
    outputPricePerMillion: row.outputPricePerMillion === null ? null : Number(row.outputPricePerMillion),
  };
}

function toView(row: ProfileRow): EndpointProfileView {
  return { ...numbers(row), hasApiKey: row.apiKeyCiphertext !== null };
}

export async function listEndpointProfiles({ db }: { db: Db }): Promise<EndpointProfileView[]> {
  return (await db.endpointProfile.findMany({ orderBy: { name: "asc" } })).map(toView);
}

export async function resolveEndpoint({ db, secretKey, id }: { db: Db; secretKey: string | undefined; id: string }): Promise<ResolvedEndpoint> {
  const row = await db.endpointProfile.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", `No endpoint profile ${id}.`);
  return { ...numbers(row), apiKey: row.apiKeyCiphertext ? decryptSecret(row.apiKeyCiphertext, secretKey) : null };
}

/** Which endpoint profile a project's role calls (one per role; binding again replaces it). */
export async function bindProjectRole({ db, projectId, role, endpointProfileId }: { db: Db; projectId: string; role: LlmRoleName; endpointProfileId: string }): Promise<void> {
  const dbRole = role.toUpperCase() as Uppercase<LlmRoleName>;
  await db.projectRoleBinding.upsert({
    where: { projectId_role: { projectId, role: dbRole } },
    create: { projectId, role: dbRole, endpointProfileId },
    update: { endpointProfileId },
  });
}

/** The endpoint a project's role is bound to, ready for the gateway. */
export async function resolveRoleEndpoint({ db, secretKey, projectId, role }: { db: Db; secretKey: string | undefined; projectId: string; role: LlmRoleName }): Promise<ResolvedEndpoint> {
  const binding = await db.projectRoleBinding.findUnique({ where: { projectId_role: { projectId, role: role.toUpperCase() as Uppercase<LlmRoleName> } } });
  if (!binding) throw new AppError("CONFIG_INVALID", `This project has no endpoint profile for the ${role.replaceAll("_", " ")} role: bind one in the project's settings.`);
  return resolveEndpoint({ db, secretKey, id: binding.endpointProfileId });
}
