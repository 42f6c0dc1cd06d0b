/**
 * The trainers' own config schemas, written down for the tests (training.test.ts, the export
 * integration tests): what LLaMA-Factory reads from a `dataset_info.json` entry (its DatasetAttr and
 * get_dataset_list in src/llamafactory/data/parser.py) and what axolotl accepts in a config
 * (SFTDataset / DPODataset in src/axolotl/utils/schemas/datasets.py, RLType in enums.py). Strict, so
 * a key the trainer does not know fails here rather than being ignored there.
 */
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parquetMetadataAsync, parquetSchema } from "hyparquet";
import yaml from "js-yaml";
import { z } from "zod";

const column = z.string().min(1).optional();

export const LlamaFactoryEntry = z
  .object({
    hf_hub_url: z.string().optional(),
    ms_hub_url: z.string().optional(),
    script_url: z.string().optional(),
    file_name: z.string().optional(),
    file_sha1: z.string().optional(),
    formatting: z.enum(["alpaca", "sharegpt"]).optional(),
    ranking: z.boolean().optional(),
    subset: z.string().optional(),
    split: z.string().optional(),
    folder: z.string().optional(),
    num_samples: z.number().int().positive().optional(),
    columns: z
      .object({
        // common and RLHF columns
        system: column,
        tools: column,
        images: column,
        chosen: column,
        rejected: column,
        kto_tag: column,
        // alpaca columns
        prompt: column,
        query: column,
        response: column,
        history: column,
        // sharegpt column
        messages: column,
      })
      .strict()
      .optional(),
    tags: z
      .object({
        role_tag: column,
        content_tag: column,
        user_tag: column,
        assistant_tag: column,
        observation_tag: column,
        function_tag: column,
        system_tag: column,
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((entry) => [entry.hf_hub_url, entry.ms_hub_url, entry.script_url, entry.file_name].some(Boolean), "no data source")
  // LLaMA-Factory reads only the columns of the entry's formatting (and tags only for sharegpt).
  .refine(
    (entry) =>
      (entry.formatting ?? "alpaca") === "alpaca"
        ? entry.columns?.messages === undefined && entry.tags === undefined
        : [entry.columns?.prompt, entry.columns?.query, entry.columns?.response].every((c) => c === undefined),
    "columns or tags of the other formatting",
  )
  .refine(
    (entry) => !entry.ranking || Boolean(entry.columns?.chosen && entry.columns.rejected),
    "a ranking entry names chosen and rejected",
  )
  // Given `columns`, every alpaca column comes from it (absent is None): an SFT entry needs prompt and response.
  .refine(
    (entry) =>
      entry.ranking ||
      (entry.formatting ?? "alpaca") !== "alpaca" ||
      !entry.columns ||
      Boolean(entry.columns.prompt && entry.columns.response),
    "an alpaca SFT entry with columns names prompt and response",
  );
export type LlamaFactoryEntry = z.infer<typeof LlamaFactoryEntry>;
export const DatasetInfo = z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/), LlamaFactoryEntry);

const optionalString = z.string().optional();

export const AxolotlSftDataset = z
  .object({
    path: optionalString,
    split: optionalString,
    type: z.union([z.string(), z.record(z.string(), z.string())]).optional(),
    input_transform: optionalString,
    shards: z.number().int().optional(),
    shards_idx: z.number().int().optional(),
    conversation: optionalString,
    chat_template: optionalString,
    chat_template_jinja: optionalString,
    data_files: z.union([z.string(), z.array(z.string())]).optional(),
    input_format: optionalString,
    name: optionalString,
    ds_type: z.enum(["json", "parquet", "csv", "arrow", "text"]).optional(),
    field: optionalString,
    field_human: optionalString,
    field_model: optionalString,
    field_messages: optionalString,
    field_tools: optionalString,
    field_thinking: optionalString,
    message_property_mappings: z.record(z.string(), z.string()).optional(),
    message_field_training: optionalString,
    roles_to_train: z.array(z.string()).optional(),
    train_on_eos: z.enum(["all", "turn", "last"]).optional(),
    roles: z.record(z.string(), z.array(z.string())).optional(),
    drop_system_message: z.boolean().optional(),
    trust_remote_code: z.boolean().optional(),
    revision: optionalString,
  })
  .strict();

export const AxolotlDpoDataset = z
  .object({
    path: optionalString,
    split: optionalString,
    type: z
      .union([
        z.string().regex(/^[a-z0-9_]+\.[a-z0-9_]+$/, "a DPO type is <strategy>.<function>, e.g. chatml.prompt_pairs"),
        z
          .object({
            field_system: optionalString,
            field_prompt: optionalString,
            field_chosen: optionalString,
            field_rejected: optionalString,
            prompt_format: optionalString,
            chosen_format: optionalString,
            rejected_format: optionalString,
          })
          .strict(),
      ])
      .optional(),
    data_files: z.array(z.string()).optional(),
    revision: optionalString,
    field_messages: optionalString,
  })
  .strict();

/** The top-level keys the generated configs use (axolotl's config has many more; a typo here fails). */
export const AxolotlConfig = z
  .object({
    base_model: z.string().nullable(),
    rl: z.enum(["dpo", "ipo", "orpo", "kto", "simpo", "grpo"]).optional(),
    rl_beta: z.number().positive().optional(),
    datasets: z.array(z.unknown()).min(1),
    test_datasets: z.array(z.unknown()).optional(),
    val_set_size: z.number().min(0).max(1).optional(),
    output_dir: z.string(),
    sequence_len: z.number().int().positive(),
    sample_packing: z.boolean(),
    micro_batch_size: z.number().int().positive(),
    gradient_accumulation_steps: z.number().int().positive(),
    num_epochs: z.number().positive(),
    optimizer: z.string(),
    lr_scheduler: z.string(),
    learning_rate: z.number().positive(),
    warmup_ratio: z.number().min(0).max(1),
    bf16: z.union([z.boolean(), z.literal("auto")]),
    gradient_checkpointing: z.boolean(),
    logging_steps: z.number().int().positive(),
    saves_per_epoch: z.number().int().positive(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const entry = config.rl ? AxolotlDpoDataset : AxolotlSftDataset;
    for (const key of ["datasets", "test_datasets"] as const)
      for (const [i, dataset] of (config[key] ?? []).entries()) {
        const parsed = entry.safeParse(dataset);
        if (!parsed.success) ctx.addIssue({ code: "custom", path: [key, i], message: parsed.error.message });
      }
  });
export type AxolotlConfig = z.infer<typeof AxolotlConfig>;

/** The columns axolotl's types read from a record (chat_template: the messages field and the mapped message keys). */
export function axolotlColumns(dataset: Record<string, unknown>): { top: string[]; message: string[] } {
  const type = dataset.type;
  if (type === "alpaca") return { top: ["instruction", "input", "output"], message: [] };
  if (type === "chatml.prompt_pairs" || type === "llama3.prompt_pairs") return { top: ["prompt", "chosen", "rejected"], message: [] };
  if (type === "chat_template") {
    const mappings = (dataset.message_property_mappings ?? { role: "role", content: "content" }) as Record<string, string>;
    return { top: [(dataset.field_messages as string | undefined) ?? "messages"], message: Object.values(mappings) };
  }
  throw new Error(`no column list for axolotl type ${JSON.stringify(type)}`);
}

/** The columns a LLaMA-Factory entry reads: top-level ones, and for sharegpt the message keys. */
export function llamaFactoryColumns(entry: LlamaFactoryEntry): { top: string[]; message: string[] } {
  const columns = Object.values(entry.columns ?? {}).filter((c): c is string => Boolean(c));
  const message = entry.formatting === "sharegpt" ? [entry.tags?.role_tag ?? "from", entry.tags?.content_tag ?? "value"] : [];
  return { top: columns, message };
}

/** The first record of an exported file, or for Parquet the column names (with each list's struct fields). */
export async function firstRecordShape(file: string): Promise<{ top: string[]; nested: Record<string, string[]> }> {
  const bytes = await readFile(file);
  if (file.endsWith(".parquet")) {
    const metadata = await parquetMetadataAsync(new Uint8Array(bytes).buffer);
    const tree = parquetSchema(metadata);
    const nested: Record<string, string[]> = {};
    for (const child of tree.children) {
      const element = child.children[0]?.children[0];
      if (element) nested[child.element.name] = element.children.map((field) => field.element.name);
    }
    return { top: tree.children.map((child) => child.element.name), nested };
  }
  const record = JSON.parse(bytes.toString("utf8").split("\n")[0]!) as Record<string, unknown>;
  const nested: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(record))
    if (Array.isArray(value) && value[0] && typeof value[0] === "object") nested[key] = Object.keys(value[0] as object);
  return { top: Object.keys(record), nested };
}

/** `python3 -m py_compile` over the scripts: they are valid Python (nothing is imported or run). */
export function pyCompile(files: string[]): { status: number | null; stderr: string } {
  const result = spawnSync("python3", ["-m", "py_compile", ...files], { encoding: "utf8" });
  return { status: result.status, stderr: result.stderr };
}

export const parseYaml = (text: string) => yaml.load(text);

/**
 * Checks an export's `training/` folder against the files beside it: each config validates against
 * its trainer's schema, every file it names exists, and the columns it reads are in the first record.
 * Resolves to the problems found (none when all is well).
 */
export async function checkTrainingFolder(exportDir: string): Promise<string[]> {
  const dir = path.join(exportDir, "training");
  const problems: string[] = [];
  const expectColumns = async (file: string, wanted: { top: string[]; message: string[] }, who: string) => {
    const shape = await firstRecordShape(file).catch((error: unknown) => {
      problems.push(`${who}: ${path.basename(file)} unreadable (${String(error)})`);
      return null;
    });
    if (!shape) return;
    for (const name of wanted.top) if (!shape.top.includes(name)) problems.push(`${who}: no column ${name} in ${path.basename(file)}`);
    const messageKeys = Object.values(shape.nested).flat();
    for (const name of wanted.message)
      if (!messageKeys.includes(name)) problems.push(`${who}: no message key ${name} in ${path.basename(file)}`);
  };
  const info = DatasetInfo.safeParse(JSON.parse(await readFile(path.join(dir, "dataset_info.json"), "utf8")));
  if (!info.success) problems.push(`dataset_info.json: ${info.error.message}`);
  else
    for (const [name, entry] of Object.entries(info.data))
      await expectColumns(path.resolve(dir, entry.file_name!), llamaFactoryColumns(entry), `dataset_info.json ${name}`);
  for (const yamlName of ["axolotl.yaml", "axolotl_dpo.yaml"]) {
    const text = await readFile(path.join(dir, yamlName), "utf8").catch(() => null);
    if (text === null) continue;
    const config = AxolotlConfig.safeParse(parseYaml(text));
    if (!config.success) {
      problems.push(`${yamlName}: ${config.error.message}`);
      continue;
    }
    for (const dataset of [...config.data.datasets, ...(config.data.test_datasets ?? [])] as Record<string, unknown>[])
      await expectColumns(path.resolve(exportDir, dataset.path as string), axolotlColumns(dataset), yamlName);
  }
  return problems;
}
