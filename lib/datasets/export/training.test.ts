import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FORMATS, FORMAT_NAMES, type FormatName } from "@/lib/datasets/export/formats";
import { FIXTURE_ITEMS, FIXTURE_PAIRS } from "@/lib/datasets/export/test-fixtures";
import { trainingConfigs, type TrainingDataFile } from "@/lib/datasets/export/training";
import { AxolotlConfig, checkTrainingFolder, DatasetInfo, parseYaml, pyCompile } from "@/lib/datasets/export/training-schemas";

const SPLIT: TrainingDataFile[] = [
  { name: "train.jsonl", split: "train" },
  { name: "test.jsonl", split: "test" },
];

/** An export folder as file-export.ts lays it out: the format's records, and training/ from `configsFor`. */
async function exportFolder(format: FormatName, configsFor: FormatName = format): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-training-"));
  const rows =
    FORMATS[format].reads === "pairs"
      ? FIXTURE_PAIRS.map((pair, position) => ({ ...pair, position }))
      : FIXTURE_ITEMS.map((item, position) => ({ ...item, position }));
  const lines = `${rows.map((row) => JSON.stringify(FORMATS[format].record(row))).join("\n")}\n`;
  for (const file of SPLIT) await writeFile(path.join(dir, file.name), lines);
  await mkdir(path.join(dir, "training"));
  for (const config of trainingConfigs({ format: configsFor, fileType: "jsonl", files: SPLIT }))
    await writeFile(path.join(dir, "training", config.name), config.content);
  return dir;
}

describe("trainingConfigs", () => {
  it.each(FORMAT_NAMES)(
    "%s: each config validates against its trainer's schema, names files that exist and columns the records have",
    async (format) => {
      const dir = await exportFolder(format);
      expect(await checkTrainingFolder(dir)).toEqual([]);
    },
  );

  it("writes SFT configs for item formats and DPO configs (ranking, rl: dpo) for pairs, never both", () => {
    const names = (format: FormatName) => trainingConfigs({ format, fileType: "jsonl", files: SPLIT }).map((file) => file.name);
    for (const format of ["sft", "sharegpt", "alpaca"] as const)
      expect(names(format)).toEqual(["README.md", "dataset_info.json", "axolotl.yaml", "train_sft.py"]);
    expect(names("dpo")).toEqual(["README.md", "dataset_info.json", "axolotl_dpo.yaml", "train_dpo.py"]);
    expect(trainingConfigs({ format: "sft", fileType: "jsonl", files: [] })).toEqual([]);

    const dpo = trainingConfigs({ format: "dpo", fileType: "jsonl", files: SPLIT });
    const info = DatasetInfo.parse(JSON.parse(dpo.find((file) => file.name === "dataset_info.json")!.content));
    expect(info).toMatchObject({ rosetta_dpo: { ranking: true, file_name: "../train.jsonl" }, rosetta_dpo_test: { ranking: true } });
    const axolotl = AxolotlConfig.parse(parseYaml(dpo.find((file) => file.name === "axolotl_dpo.yaml")!.content));
    expect(axolotl).toMatchObject({
      rl: "dpo",
      base_model: null,
      datasets: [{ path: "train.jsonl" }],
      test_datasets: [{ path: "test.jsonl" }],
    });
  });

  it("names Parquet files as Parquet for every trainer", () => {
    const files = trainingConfigs({ format: "sharegpt", fileType: "parquet", files: [{ name: "train.parquet", split: "train" }] });
    const content = (name: string) => files.find((file) => file.name === name)!.content;
    expect(JSON.parse(content("dataset_info.json"))).toEqual({
      rosetta_sharegpt: expect.objectContaining({ file_name: "../train.parquet" }),
    });
    const axolotl = AxolotlConfig.parse(parseYaml(content("axolotl.yaml")));
    expect(axolotl.datasets).toEqual([expect.objectContaining({ path: "train.parquet", ds_type: "parquet" })]);
    expect(axolotl.val_set_size).toBe(0);
    expect(content("train_sft.py")).toContain('"train": str(EXPORT_DIR / "train.parquet")');
    expect(content("train_sft.py")).toContain('LOADER = "parquet"');
    expect(content("train_sft.py")).not.toContain('"test": str(');
  });

  it("writes TRL scripts that compile and load the exported files; the README gives one command per trainer", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-training-py-"));
    const scripts: string[] = [];
    for (const format of FORMAT_NAMES) {
      const files = trainingConfigs({ format, fileType: "jsonl", files: SPLIT });
      const script = files.find((file) => file.name.endsWith(".py"))!;
      expect(script.content).toContain('"train": str(EXPORT_DIR / "train.jsonl")');
      expect(script.content).toContain('"test": str(EXPORT_DIR / "test.jsonl")');
      expect(script.content).toMatch(format === "dpo" ? /DPOTrainer\(/ : /SFTTrainer\(/);
      expect(script.content).toContain('add_argument("--model", required=True');
      expect(script.content).toContain('add_argument("--output-dir"');
      await writeFile((scripts[scripts.length] = path.join(dir, `${format}.py`)), script.content);
      const readme = files.find((file) => file.name === "README.md")!.content;
      expect(readme).toContain(`llamafactory-cli train --stage ${format === "dpo" ? "dpo" : "sft"}`);
      expect(readme).toContain(`axolotl train training/${format === "dpo" ? "axolotl_dpo" : "axolotl"}.yaml`);
      expect(readme).toContain(`python training/${script.name} --model <model>`);
    }
    expect(pyCompile(scripts)).toMatchObject({ status: 0, stderr: "" });
    // The check can fail: a script with a syntax error does not compile.
    await writeFile(path.join(dir, "broken.py"), "def main(:\n");
    expect(pyCompile([path.join(dir, "broken.py")]).status).not.toBe(0);
  }, 30_000);

  it("the checks catch what a trainer would refuse: unknown keys, wrong values, missing columns", async () => {
    expect(DatasetInfo.safeParse({ x: { file_name: "a.jsonl", formatting: "openai_chat" } }).success).toBe(false);
    expect(DatasetInfo.safeParse({ x: { file_name: "a.jsonl", columns: { instructions: "instruction" } } }).success).toBe(false);
    expect(DatasetInfo.safeParse({ x: { file_name: "a.jsonl", ranking: true, columns: { prompt: "prompt" } } }).success).toBe(false);
    expect(DatasetInfo.safeParse({ x: { file_name: "a.jsonl", columns: { prompt: "instruction" } } }).success).toBe(false);
    const base = { base_model: null, output_dir: "o", sequence_len: 1, sample_packing: false, micro_batch_size: 1 };
    const rest = { gradient_accumulation_steps: 1, num_epochs: 1, optimizer: "adamw_torch", lr_scheduler: "cosine", learning_rate: 1e-5 };
    const tail = { warmup_ratio: 0, bf16: "auto", gradient_checkpointing: true, logging_steps: 1, saves_per_epoch: 1 };
    const config = (extra: object) => AxolotlConfig.safeParse({ ...base, ...rest, ...tail, ...extra });
    expect(config({ datasets: [{ path: "a.jsonl", type: "alpaca" }] }).success).toBe(true);
    expect(config({ datasets: [{ path: "a.jsonl", type: "alpaca", field_message: "m" }] }).success).toBe(false);
    expect(config({ rl: "dpo", datasets: [{ path: "a.jsonl", ds_type: "json", type: "chatml.prompt_pairs" }] }).success).toBe(false);
    expect(config({ rl: "ppo", datasets: [{ path: "a.jsonl" }] }).success).toBe(false);
    // SFT configs over pairs: the columns they name are not in the records.
    expect(await checkTrainingFolder(await exportFolder("dpo", "sft"))).toEqual(
      expect.arrayContaining([expect.stringMatching(/no column messages in train\.jsonl/)]),
    );
  });
});
