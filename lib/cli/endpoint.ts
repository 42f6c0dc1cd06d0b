import { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { auditCli } from "@/lib/cli/audit";
import { withCommandDb } from "@/lib/cli/database";
import { resolveSecretKey } from "@/lib/cli/secret-key";
import { EndpointProfileInput, EndpointProfileUpdate } from "@/lib/endpoints/profile-input";
import { createEndpointProfile, listEndpointProfiles, updateEndpointProfile, type EndpointProfileView } from "@/lib/llm/profiles";

/** `rosetta endpoint add | edit | list`: OpenAI-compatible endpoint profiles (keys encrypted at rest). */

/** The options `add` and `edit` share, as commander hands them over (strings), with the field each one sets. */
export interface EndpointOptions {
  baseUrl?: string;
  model?: string;
  /** `false` from `edit --no-api-key`: remove the key. */
  apiKey?: string | false;
  maxConcurrency?: string;
  maxTokens?: string;
  maxOutputTokens?: string;
  structuredOutput?: string;
  temperature?: string;
  topP?: string;
  requestsPerMinute?: string;
  tokensPerMinute?: string;
  inputPrice?: string;
  outputPrice?: string;
}

const FLAGS: Record<string, string> = {
  name: "--name",
  baseUrl: "--base-url",
  model: "--model",
  apiKey: "--api-key",
  maxConcurrency: "--max-concurrency",
  maxTokens: "--max-tokens",
  maxOutputTokens: "--max-output-tokens",
  structuredOutput: "--structured-output",
  temperature: "--temperature",
  topP: "--top-p",
  requestsPerMinute: "--requests-per-minute",
  tokensPerMinute: "--tokens-per-minute",
  inputPricePerMillion: "--input-price",
  outputPricePerMillion: "--output-price",
};

/** Options that may be cleared on `edit` with the value `none`. */
const CLEARABLE = new Set([
  "maxTokens",
  "maxOutputTokens",
  "temperature",
  "topP",
  "requestsPerMinute",
  "tokensPerMinute",
  "inputPricePerMillion",
  "outputPricePerMillion",
]);

/** A number option's text as the schema will judge it: `none` clears (where allowed), anything else a number (NaN if it is not one). */
function numberOption(field: string, text: string | undefined, clearable: boolean): number | null | undefined {
  if (text === undefined) return undefined;
  if (clearable && CLEARABLE.has(field) && text.trim().toLowerCase() === "none") return null;
  return text.trim() === "" ? Number.NaN : Number(text);
}

/** The profile fields the options set (only those given). */
function fieldsOf(options: EndpointOptions, { clearable }: { clearable: boolean }): Record<string, unknown> {
  const numbers = {
    maxConcurrency: options.maxConcurrency,
    maxTokens: options.maxTokens,
    maxOutputTokens: options.maxOutputTokens,
    temperature: options.temperature,
    topP: options.topP,
    requestsPerMinute: options.requestsPerMinute,
    tokensPerMinute: options.tokensPerMinute,
    inputPricePerMillion: options.inputPrice,
    outputPricePerMillion: options.outputPrice,
  };
  const fields: Record<string, unknown> = {
    baseUrl: options.baseUrl,
    model: options.model,
    apiKey: options.apiKey === false ? null : options.apiKey,
    structuredOutput: options.structuredOutput?.trim().toLowerCase(),
    ...Object.fromEntries(Object.entries(numbers).map(([field, text]) => [field, numberOption(field, text, clearable)])),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** Checked before anything is opened, so a bad value is one line naming its flag and nothing changes. */
function check<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new AppError(
      "BAD_REQUEST",
      `Invalid option: ${parsed.error.issues.map((i) => `${FLAGS[String(i.path[0])] ?? (String(i.path[0]) || "options")}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

const limits = (p: EndpointProfileView) =>
  `max tokens ${p.maxTokens ?? "role default"}, retry ceiling ${p.maxOutputTokens ?? "default"}, structured output ${p.structuredOutput}${
    p.structuredOutput === "auto" ? (p.structuredOutputDetected ? ` (detected: ${p.structuredOutputDetected})` : " (not probed yet)") : ""
  }`;

/** `rosetta endpoint add`: an OpenAI-compatible endpoint profile (the key is encrypted at rest). */
export async function addEndpoint(options: EndpointOptions & { name: string; baseUrl: string; model: string }): Promise<number> {
  const input = { name: options.name, ...fieldsOf(options, { clearable: false }) } as z.input<typeof EndpointProfileInput>;
  check(EndpointProfileInput, input);
  const secretKey = options.apiKey ? await resolveSecretKey(env) : undefined;
  return withCommandDb("rosetta-endpoint", async (db) => {
    const profile = await createEndpointProfile({ db, secretKey, input });
    await auditCli(db, { action: "endpoint.create", targetType: "endpoint_profile", targetId: profile.id, after: profile });
    console.log(
      `Added endpoint profile "${profile.name}": ${profile.baseUrl} (${profile.model}, ${profile.maxConcurrency} at a time${profile.hasApiKey ? ", key encrypted" : ""}; ${limits(profile)}).`,
    );
    return 0;
  });
}

/** What an edit changed, field by field (the key is never shown). */
function changes(before: EndpointProfileView, after: EndpointProfileView): string[] {
  const shown = (value: unknown) => (value === null ? "none" : String(value));
  const lines = (Object.keys(FLAGS) as (keyof EndpointProfileView)[])
    .filter((field) => field in after && before[field] !== after[field])
    .map((field) => `${FLAGS[field]!.slice(2)} ${shown(before[field])} → ${shown(after[field])}`);
  return lines;
}

/** `rosetta endpoint edit <name>`: changes only the options given, with the same validation as the studio's form. */
export async function editEndpoint(name: string, options: EndpointOptions): Promise<number> {
  const input = fieldsOf(options, { clearable: true });
  if (!Object.keys(input).length)
    throw new AppError("BAD_REQUEST", `Nothing to change: give at least one option (rosetta endpoint edit --help).`);
  check(EndpointProfileUpdate, input);
  const secretKey = typeof options.apiKey === "string" ? await resolveSecretKey(env) : undefined;
  return withCommandDb("rosetta-endpoint", async (db) => {
    const { before, after } = await updateEndpointProfile({ db, secretKey, name, input: input as z.input<typeof EndpointProfileUpdate> });
    await auditCli(db, { action: "endpoint.update", targetType: "endpoint_profile", targetId: after.id, before, after });
    const key =
      typeof options.apiKey === "string"
        ? before.hasApiKey
          ? "api key replaced"
          : "api key set"
        : options.apiKey === false && before.hasApiKey
          ? "api key removed"
          : null;
    const changed = [...changes(before, after), ...(key ? [key] : [])];
    console.log(`Updated endpoint profile "${after.name}": ${changed.join(", ") || "nothing was different"}.`);
    if (before.structuredOutputDetected && !after.structuredOutputDetected)
      console.log("The structured-output mode will be probed again on the next call.");
    return 0;
  });
}

export async function listEndpoints(): Promise<number> {
  return withCommandDb("rosetta-endpoint", async (db) => {
    const profiles = await listEndpointProfiles({ db });
    if (!profiles.length) console.log("No endpoint profiles yet: rosetta endpoint add --name <name> --base-url <url> --model <model>");
    for (const p of profiles)
      console.log(
        `${p.name.padEnd(20)} ${p.baseUrl}  ${p.model}  ${p.maxConcurrency} at a time${p.hasApiKey ? "  (key set)" : ""}  ${limits(p)}`,
      );
    return 0;
  });
}
