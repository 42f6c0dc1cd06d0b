import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { StructuredOutputMode } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import type { LlmRoleName } from "@/lib/model-roles";
import {
  EndpointProfileInput,
  EndpointProfileUpdate,
  tokenLimitProblem,
  toStructuredOutputMode,
  toStructuredOutputOption,
  type StructuredOutputOption,
} from "@/lib/endpoints/profile-input";
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
  /** A one-off endpoint (a base URL and model given for one evaluation), with no stored profile to point at. */
  adHoc?: boolean;
}

export { EndpointProfileInput, EndpointProfileUpdate } from "@/lib/endpoints/profile-input";

/** What may leave the server: everything but the key (only whether there is one); the structured-output modes as the API spells them. */
export interface EndpointProfileView extends Omit<ResolvedEndpoint, "apiKey" | "structuredOutput" | "structuredOutputDetected"> {
  hasApiKey: boolean;
  /** The studio's built-in scripted model server (the demo's): no language model inside. */
  scripted: boolean;
  structuredOutput: StructuredOutputOption;
  /** What AUTO's probe found; null until the server has been probed (or since its URL, model or mode changed). */
  structuredOutputDetected: StructuredOutputOption | null;
  structuredOutputProbedAt: string | null;
}

const invalid = (error: z.ZodError) =>
  new AppError(
    "BAD_REQUEST",
    `Invalid endpoint profile: ${error.issues.map((i) => `${i.path.join(".") || "profile"}: ${i.message}`).join("; ")}`,
  );
const trimUrl = (url: string) => url.replace(/\/+$/, "");

export async function createEndpointProfile({
  db,
  secretKey,
  input,
}: {
  db: Db;
  secretKey: string | undefined;
  input: EndpointProfileInput;
}): Promise<EndpointProfileView> {
  const parsed = EndpointProfileInput.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const { apiKey, structuredOutput, ...fields } = parsed.data;
  const taken = new AppError("CONFLICT", `An endpoint profile named "${fields.name}" already exists.`);
  const existing = await db.endpointProfile.findUnique({ where: { name: fields.name }, select: { id: true } });
  if (existing) throw taken;
  try {
    const row = await db.endpointProfile.create({
      data: {
        ...fields,
        structuredOutput: toStructuredOutputMode(structuredOutput),
        baseUrl: trimUrl(fields.baseUrl),
        apiKeyCiphertext: apiKey ? encryptSecret(apiKey, secretKey) : null,
      },
    });
    return toView(row);
  } catch (error) {
    // Two adds of one name at once both pass the check above; the unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw taken;
    throw error;
  }
}

/**
 * Changes a profile (found by id or by name): only the fields given, with the same validation as a
 * new one, the token-limit rule checked against what is stored. A new base URL, model or
 * structured-output mode forgets what AUTO's probe found: the server behind it may differ now.
 * Returns the profile before and after, for the audit.
 */
export async function updateEndpointProfile({
  db,
  secretKey,
  input,
  ...which
}: { db: Db; secretKey: string | undefined; input: EndpointProfileUpdate } & ({ id: string } | { name: string })): Promise<{
  before: EndpointProfileView;
  after: EndpointProfileView;
}> {
  const parsed = EndpointProfileUpdate.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const { apiKey, structuredOutput, ...change } = parsed.data;
  const missing = new AppError("NOT_FOUND", `No endpoint profile ${"id" in which ? which.id : `"${which.name}"`}.`);
  if ("id" in which && !z.uuid().safeParse(which.id).success) throw missing;
  return db.$transaction(async (tx) => {
    // The row is held until the change commits: two edits at once cannot each pass the limit rule against the other's stale values.
    const [locked] =
      "id" in which
        ? await tx.$queryRaw<{ id: string }[]>`select id::text from endpoint_profiles where id = ${which.id}::uuid for update`
        : await tx.$queryRaw<{ id: string }[]>`select id::text from endpoint_profiles where name = ${which.name} for update`;
    if (!locked) throw missing;
    const current = await tx.endpointProfile.findUniqueOrThrow({ where: { id: locked.id } });
    const problem = tokenLimitProblem({
      maxTokens: change.maxTokens === undefined ? current.maxTokens : change.maxTokens,
      maxOutputTokens: change.maxOutputTokens === undefined ? current.maxOutputTokens : change.maxOutputTokens,
    });
    if (problem) throw new AppError("BAD_REQUEST", `Invalid endpoint profile: maxOutputTokens: ${problem}`);
    if (change.name !== undefined && change.name !== current.name) {
      const taken = await tx.endpointProfile.findUnique({ where: { name: change.name }, select: { id: true } });
      if (taken) throw new AppError("CONFLICT", `An endpoint profile named "${change.name}" already exists.`);
    }
    const baseUrl = change.baseUrl === undefined ? undefined : trimUrl(change.baseUrl);
    const mode = structuredOutput === undefined ? undefined : toStructuredOutputMode(structuredOutput);
    const serverChanged =
      (baseUrl !== undefined && baseUrl !== current.baseUrl) ||
      (change.model !== undefined && change.model !== current.model) ||
      (mode !== undefined && mode !== current.structuredOutput);
    const after = await tx.endpointProfile.update({
      where: { id: current.id },
      data: {
        ...change,
        baseUrl,
        structuredOutput: mode,
        ...(apiKey === undefined ? {} : { apiKeyCiphertext: apiKey === null ? null : encryptSecret(apiKey, secretKey) }),
        ...(serverChanged ? { structuredOutputDetected: null, structuredOutputProbedAt: null } : {}),
      },
    });
    return { before: toView(current), after: toView(after) };
  });
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
  return {
    ...numbers(row),
    structuredOutput: toStructuredOutputOption(row.structuredOutput),
    structuredOutputDetected: row.structuredOutputDetected === null ? null : toStructuredOutputOption(row.structuredOutputDetected),
    structuredOutputProbedAt: row.structuredOutputProbedAt?.toISOString() ?? null,
    hasApiKey: row.apiKeyCiphertext !== null,
    scripted: row.scripted,
  };
}

export async function listEndpointProfiles({ db }: { db: Db }): Promise<EndpointProfileView[]> {
  return (await db.endpointProfile.findMany({ orderBy: { name: "asc" } })).map(toView);
}

export async function resolveEndpoint({
  db,
  secretKey,
  id,
}: {
  db: Db;
  secretKey: string | undefined;
  id: string;
}): Promise<ResolvedEndpoint> {
  const row = await db.endpointProfile.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", `No endpoint profile ${id}.`);
  return { ...numbers(row), apiKey: row.apiKeyCiphertext ? decryptSecret(row.apiKeyCiphertext, secretKey) : null };
}

/** Which endpoint profile a project's role calls (one per role; binding again replaces it). */
export async function bindProjectRole({
  db,
  projectId,
  role,
  endpointProfileId,
}: {
  db: Db;
  projectId: string;
  role: LlmRoleName;
  endpointProfileId: string;
}): Promise<void> {
  const dbRole = role.toUpperCase() as Uppercase<LlmRoleName>;
  await db.projectRoleBinding.upsert({
    where: { projectId_role: { projectId, role: dbRole } },
    create: { projectId, role: dbRole, endpointProfileId },
    update: { endpointProfileId },
  });
}

/** The endpoint a project's role is bound to, ready for the gateway. */
export async function resolveRoleEndpoint({
  db,
  secretKey,
  projectId,
  role,
}: {
  db: Db;
  secretKey: string | undefined;
  projectId: string;
  role: LlmRoleName;
}): Promise<ResolvedEndpoint> {
  const binding = await db.projectRoleBinding.findUnique({
    where: { projectId_role: { projectId, role: role.toUpperCase() as Uppercase<LlmRoleName> } },
  });
  if (!binding)
    throw new AppError(
      "CONFIG_INVALID",
      `This project has no endpoint profile for the ${role.replaceAll("_", " ")} role: bind one in the project's settings.`,
    );
  return resolveEndpoint({ db, secretKey, id: binding.endpointProfileId });
}
