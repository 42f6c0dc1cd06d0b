import type { FileTypeName, FormatName } from "@/lib/datasets/export/formats";
import type { Split } from "@/lib/datasets/export/split";

/**
 * What trainers need to start on an export with one command, generated from the export's own file
 * list (pure: files in, config files out): a LLaMA-Factory `dataset_info.json`, axolotl configs, TRL
 * scripts and a README with the commands. Each config names the exported files and the columns the
 * format writes (formats.ts), so the shape of a record and the way a trainer reads it stay together.
 *
 * Paths: every command runs from the export's folder (the one holding the data files and
 * `training/`). LLaMA-Factory resolves `file_name` against `--dataset_dir training`, hence `../`;
 * the TRL scripts resolve against their own location, so they run from anywhere.
 */

/** The folder the configs go in, beside the data files. */
export const TRAINING_DIR = "training";

/** A data file an export wrote (or a download names), relative to the export's folder. */
export interface TrainingDataFile {
  name: string;
  split: Split;
}

export interface TrainingInput {
  format: FormatName;
  fileType: FileTypeName;
  files: TrainingDataFile[];
  /** Where the files came from, for the README's first line ("version v3 of project demo"). */
  source?: string;
}

export interface TrainingFile {
  /** Relative to the training folder. */
  name: string;
  content: string;
}

type SftFormat = Exclude<FormatName, "dpo">;
const isDpo = (format: FormatName) => format === "dpo";

/** Each format's LLaMA-Factory reading (DatasetAttr: formatting, columns, tags; `ranking` for pairs). */
const LLAMA_FACTORY: Record<FormatName, Record<string, unknown>> = {
  sft: {
    formatting: "sharegpt",
    columns: { messages: "messages" },
    tags: { role_tag: "role", content_tag: "content", user_tag: "user", assistant_tag: "assistant" },
  },
  sharegpt: {
    formatting: "sharegpt",
    columns: { messages: "conversations" },
    tags: { role_tag: "from", content_tag: "value", user_tag: "human", assistant_tag: "gpt" },
  },
  // With `columns` given, LLaMA-Factory sets every alpaca column from it (absent ones become None).
  alpaca: { formatting: "alpaca", columns: { prompt: "instruction", query: "input", response: "output" } },
  dpo: { formatting: "alpaca", ranking: true, columns: { prompt: "prompt", chosen: "chosen", rejected: "rejected" } },
};

/** Each format's axolotl dataset entry (beside `path` and `ds_type`). */
const AXOLOTL: Record<FormatName, Record<string, unknown>> = {
  sft: { type: "chat_template", field_messages: "messages", message_property_mappings: { role: "role", content: "content" } },
  sharegpt: {
    type: "chat_template",
    field_messages: "conversations",
    message_property_mappings: { role: "from", content: "value" },
    roles: { user: ["human"], assistant: ["gpt"] },
  },
  alpaca: { type: "alpaca" },
  // prompt/chosen/rejected strings, wrapped in ChatML by axolotl (llama3.prompt_pairs for Llama 3).
  dpo: { type: "chatml.prompt_pairs" },
};

/** `datasets.load_dataset` and axolotl's `ds_type` name for each file type. */
const LOADER: Record<FileTypeName, string> = { jsonl: "json", parquet: "parquet" };

const datasetName = (format: FormatName, split: Split) => `rosetta_${format}${split === "test" ? "_test" : ""}`;

/** YAML from plain data: strings as JSON strings (valid YAML double-quoted scalars), so no value needs escaping rules of its own. */
function yaml(value: unknown, indent = ""): string {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== "object")) return `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
    return value.map((v) => `\n${indent}- ${yaml(v, `${indent}  `).replace(/^\n\s*/, "")}`).join("");
  }
  if (value && typeof value === "object")
    return Object.entries(value)
      .map(([key, v]) => `\n${indent}${key}:${typeof v === "object" && v !== null && !isFlat(v) ? "" : " "}${yaml(v, `${indent}  `)}`)
      .join("");
  return JSON.stringify(value);
}
const isFlat = (value: object) => Array.isArray(value) && value.every((v) => typeof v !== "object");

function datasetInfo({ format, files }: TrainingInput): string {
  const info = Object.fromEntries(
    files.map((file) => [datasetName(format, file.split), { file_name: `../${file.name}`, ...LLAMA_FACTORY[format] }]),
  );
  return `${JSON.stringify(info, null, 2)}\n`;
}

function axolotl({ format, fileType, files }: TrainingInput): string {
  const dpo = isDpo(format);
  // axolotl's DPO entries have no ds_type (it goes by the file's extension); its SFT entries take one.
  const entry = (file: TrainingDataFile) => ({
    path: file.name,
    ...(dpo ? {} : { ds_type: LOADER[fileType] }),
    split: "train",
    ...AXOLOTL[format],
  });
  const train = files.filter((file) => file.split === "train").map(entry);
  const test = files.filter((file) => file.split === "test").map(entry);
  const head = [
    `# axolotl ${dpo ? "DPO" : "SFT"} config for this Rosetta export. Run from the export's folder:`,
    `#   axolotl train training/axolotl${dpo ? "_dpo" : ""}.yaml`,
    "# base_model: fill in the model to fine-tune (a Hugging Face id or a local path).",
    "base_model: null",
    ...(dpo ? ["", "rl: dpo", "rl_beta: 0.1"] : []),
  ];
  const body = yaml({ datasets: train, ...(test.length ? { test_datasets: test } : { val_set_size: 0 }) });
  const tail = [
    "",
    "output_dir: ./out/axolotl" + (dpo ? "-dpo" : "-sft"),
    "sequence_len: 2048",
    "sample_packing: false",
    "micro_batch_size: 2",
    "gradient_accumulation_steps: 8",
    `num_epochs: ${dpo ? 1 : 3}`,
    "optimizer: adamw_torch",
    "lr_scheduler: cosine",
    `learning_rate: ${dpo ? "5.0e-7" : "2.0e-5"}`,
    "warmup_ratio: 0.05",
    "bf16: auto",
    "gradient_checkpointing: true",
    "logging_steps: 10",
    "saves_per_epoch: 1",
  ];
  return `${head.join("\n")}\n${body.replace(/^\n/, "")}\n${tail.join("\n")}\n`;
}

/** The Python that turns one record of the format into chat messages (what TRL's trainers apply the chat template to). */
const TO_MESSAGES: Record<SftFormat, string[]> = {
  sft: ["    return {", '        "messages": [{"role": m["role"], "content": m["content"]} for m in record["messages"]]', "    }"],
  sharegpt: [
    '    roles = {"human": "user", "gpt": "assistant", "system": "system"}',
    "    return {",
    '        "messages": [{"role": roles[m["from"]], "content": m["value"]} for m in record["conversations"]]',
    "    }",
  ],
  alpaca: [
    '    prompt = record["instruction"] + (f"\\n\\n{record[\'input\']}" if record["input"] else "")',
    "    return {",
    '        "messages": [',
    '            {"role": "user", "content": prompt},',
    '            {"role": "assistant", "content": record["output"]},',
    "        ]",
    "    }",
  ],
};

function pythonFiles(files: TrainingDataFile[]): string {
  const entries = files.map((file) => `    ${JSON.stringify(file.split)}: str(EXPORT_DIR / ${JSON.stringify(file.name)}),`);
  return ["DATA_FILES = {", ...entries, "}"].join("\n");
}

const PY_ARGS = (defaults: { output: string; epochs: number; lr: string; batch: number }) => [
  "def parse_args() -> argparse.Namespace:",
  "    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])",
  '    parser.add_argument("--model", required=True, help="the model to fine-tune: a Hugging Face id or a local path")',
  `    parser.add_argument("--output-dir", default=${JSON.stringify(defaults.output)}, help="where checkpoints and the final model go")`,
  `    parser.add_argument("--epochs", type=float, default=${defaults.epochs})`,
  `    parser.add_argument("--learning-rate", type=float, default=${defaults.lr})`,
  `    parser.add_argument("--batch-size", type=int, default=${defaults.batch}, help="per device")`,
  '    parser.add_argument("--gradient-accumulation", type=int, default=8)',
  '    parser.add_argument("--max-length", type=int, default=2048, help="tokens per example")',
  "    return parser.parse_args()",
];

function trlScript({ format, fileType, files }: TrainingInput): string {
  const dpo = isDpo(format);
  const header = [
    `"""Fine-tune a model on this Rosetta export with TRL's ${dpo ? "DPOTrainer" : "SFTTrainer"}.`,
    "",
    "    pip install trl datasets",
    `    python training/train_${dpo ? "dpo" : "sft"}.py --model <model> --output-dir out/trl-${dpo ? "dpo" : "sft"}`,
    "",
    "Records become chat messages, so the model's own chat template formats them (use a model that has one).",
    '"""',
    "",
    "import argparse",
    "from pathlib import Path",
    "",
    "from datasets import load_dataset",
    "",
    "EXPORT_DIR = Path(__file__).resolve().parent.parent",
    pythonFiles(files),
    `LOADER = ${JSON.stringify(LOADER[fileType])}`,
    "",
    "",
  ];
  const convert = dpo
    ? [
        "def to_conversation(record: dict) -> dict:",
        "    return {",
        '        "prompt": [{"role": "user", "content": record["prompt"]}],',
        '        "chosen": [{"role": "assistant", "content": record["chosen"]}],',
        '        "rejected": [{"role": "assistant", "content": record["rejected"]}],',
        "    }",
      ]
    : ["def to_messages(record: dict) -> dict:", ...TO_MESSAGES[format as SftFormat]];
  const trainer = dpo ? "DPO" : "SFT";
  const main = [
    "def main() -> None:",
    "    args = parse_args()",
    "    # Imported here so that --help works without the training stack installed.",
    "    import torch",
    "    from transformers import AutoModelForCausalLM, AutoTokenizer",
    `    from trl import ${trainer}Config, ${trainer}Trainer`,
    "",
    "    data = load_dataset(LOADER, data_files=DATA_FILES)",
    `    data = data.map(${dpo ? "to_conversation" : "to_messages"}, remove_columns=data["train"].column_names)`,
    "    tokenizer = AutoTokenizer.from_pretrained(args.model)",
    "    model = AutoModelForCausalLM.from_pretrained(args.model)",
    "    bf16 = torch.cuda.is_available() and torch.cuda.is_bf16_supported()",
    `    config = ${trainer}Config(`,
    "        output_dir=args.output_dir,",
    "        num_train_epochs=args.epochs,",
    "        learning_rate=args.learning_rate,",
    "        per_device_train_batch_size=args.batch_size,",
    "        gradient_accumulation_steps=args.gradient_accumulation,",
    "        max_length=args.max_length,",
    ...(dpo ? ["        beta=0.1,"] : []),
    '        lr_scheduler_type="cosine",',
    "        warmup_ratio=0.05,",
    "        bf16=bf16,",
    "        gradient_checkpointing=True,",
    "        logging_steps=10,",
    '        save_strategy="epoch",',
    '        eval_strategy="epoch" if "test" in data else "no",',
    "    )",
    `    trainer = ${trainer}Trainer(`,
    "        model=model,",
    "        args=config,",
    '        train_dataset=data["train"],',
    '        eval_dataset=data["test"] if "test" in data else None,',
    "        processing_class=tokenizer,",
    "    )",
    "    trainer.train()",
    "    trainer.save_model(args.output_dir)",
    "    tokenizer.save_pretrained(args.output_dir)",
    "",
    "",
    'if __name__ == "__main__":',
    "    main()",
  ];
  const args = PY_ARGS(
    dpo ? { output: "out/trl-dpo", epochs: 1, lr: "5e-7", batch: 2 } : { output: "out/trl-sft", epochs: 3, lr: "2e-5", batch: 2 },
  );
  return `${[...header, ...args, "", "", ...convert, "", "", ...main].join("\n")}\n`;
}

function readme(input: TrainingInput): string {
  const { format, files } = input;
  const dpo = isDpo(format);
  const stage = dpo ? "dpo" : "sft";
  const test = files.some((file) => file.split === "test");
  const lines = [
    "# Training on this export",
    "",
    `Configs for ${input.source ? `${input.source}, ` : ""}the ${format} files: ${files.map((file) => `\`${file.name}\``).join(", ")}.`,
    "Run every command from the folder that holds those files and this `training/` folder; replace",
    "`<model>` with the model to fine-tune (a Hugging Face id or a local path).",
    "",
    "## LLaMA-Factory",
    "",
    "`dataset_info.json` registers the files (use `--dataset_dir training`):",
    "",
    "```sh",
    `llamafactory-cli train --stage ${stage} --do_train true --model_name_or_path <model> --template <template> \\`,
    `  --dataset_dir training --dataset ${datasetName(format, "train")}${test ? ` --eval_dataset ${datasetName(format, "test")}` : ""} \\`,
    `  --finetuning_type lora --cutoff_len 2048 --output_dir out/llamafactory-${stage}${dpo ? " --pref_beta 0.1" : ""}`,
    "```",
    "",
    "`<template>` is the model family's chat template in LLaMA-Factory (`qwen`, `llama3`, …).",
    "",
    "## axolotl",
    "",
    `Fill in \`base_model\` in \`training/axolotl${dpo ? "_dpo" : ""}.yaml\`, then:`,
    "",
    "```sh",
    `axolotl train training/axolotl${dpo ? "_dpo" : ""}.yaml`,
    "```",
    "",
    "## TRL",
    "",
    "```sh",
    "pip install trl datasets",
    `python training/train_${stage}.py --model <model> --output-dir out/trl-${stage}`,
    "```",
    "",
    `\`--help\` lists the other options (epochs, learning rate, batch size, max length).${test ? " The test file is the evaluation set." : ""}`,
    "",
  ];
  return lines.join("\n");
}

/** The training folder's files for an export's data files (none when it has none). */
export function trainingConfigs(input: TrainingInput): TrainingFile[] {
  if (input.files.length === 0) return [];
  const dpo = isDpo(input.format);
  return [
    { name: "README.md", content: readme(input) },
    { name: "dataset_info.json", content: datasetInfo(input) },
    { name: dpo ? "axolotl_dpo.yaml" : "axolotl.yaml", content: axolotl(input) },
    { name: dpo ? "train_dpo.py" : "train_sft.py", content: trlScript(input) },
  ];
}
