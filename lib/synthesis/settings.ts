import { z } from "zod";
import { AppError } from "@/lib/errors";
import { LANGUAGES, type Language } from "@/lib/languages";
import { Rubric } from "@/lib/review/rubric-types";
import { layerPreset, PRESET_IDS } from "@/lib/synthesis/presets";

/**
 * A project's protocol settings: every decision the paper leaves open (research/paper.md §5), with
 * defaults that follow the paper where it says anything. Stored as JSON on the project; a run keeps
 * the copy it started with.
 */

export const EVOLUTION_OPERATIONS = [
  "raise the difficulty with tighter time or space complexity requirements",
  "add constraints on the input or the output",
  "add reasoning steps the solution must go through",
  "combine the logic of several problems into one",
  "replace a common requirement with a less common, more specific one",
] as const;

export const TARGET_POLICIES = ["same", "new", "low_resource_first", "round_robin"] as const;
export type TargetPolicy = (typeof TARGET_POLICIES)[number];

const SandboxLimits = z
  .object({
    wallMs: z.number().int().min(1_000).max(600_000),
    cpuSeconds: z.number().int().min(1).max(600),
    memoryMb: z.number().int().min(64).max(16_384),
    pids: z.number().int().min(16).max(4_096),
    fileSizeMb: z.number().int().min(1).max(4_096),
  })
  .partial()
  .strict();

const Budgets = z.partialRecord(z.enum(LANGUAGES), z.number().int().min(0));

const ProtocolFields = z.object({
  /** A named preset (lib/synthesis/presets.ts) whose values lie between the defaults and the project's own. */
  preset: z
    .enum(PRESET_IDS, { error: (issue) => `unknown preset ${JSON.stringify(issue.input)}; the presets are ${PRESET_IDS.join(", ")}` })
    .optional(),
  seed: z
    .object({
      /** Ds1 (instruction first) and/or Ds2 (answer first). */
      kinds: z
        .array(z.enum(["DS1", "DS2"]))
        .min(1)
        .default(["DS1", "DS2"]),
      /** A seed pair is kept when its total score is at least this (1–5). */
      threshold: z.number().min(1).max(5).default(3.5),
    })
    .prefault({}),
  agents: z
    .object({
      /** PER_SEED: one agent per kept seed (the paper); PER_LANGUAGE: one persistent agent per language. */
      scope: z.enum(["PER_SEED", "PER_LANGUAGE"]).default("PER_SEED"),
      evolutionOperations: z
        .array(z.string().min(1))
        .min(1)
        .default([...EVOLUTION_OPERATIONS]),
      /** Per-language agent profiles (the System block) over the built-in one (lib/agents/prompts.ts agentProfile). */
      profiles: z.partialRecord(z.enum(LANGUAGES), z.string().min(1)).default({}),
      /** Per-language evolution operations over `evolutionOperations`. */
      evolutionOperationsByLanguage: z.partialRecord(z.enum(LANGUAGES), z.array(z.string().min(1)).min(1)).default({}),
      /** "one": one operation sampled per discussion and recorded on the candidate (Evol-Instruct); "all": every operation listed in the prompt. */
      operationsPerDiscussion: z.enum(["one", "all"]).default("one"),
      /** Elimination: drop an evolution the scorer judges no harder or no different than its source. */
      eliminate: z.boolean().default(true),
    })
    .prefault({}),
  memory: z
    .object({
      /**
       * T, the capacity of each agent's memory (the paper does not give T). 3: with the default 3
       * rounds an agent that keeps every sample it writes holds its seed plus 3, so the lowest-scored
       * one is evicted and the queue's ordering matters; [Memory] and [Reflection] stay short prompts.
       */
      capacity: z.number().int().min(1).max(64).default(3),
      /** A new sample is rejected when its estimated Jaccard similarity to a stored one reaches this (the paper gives neither measure nor threshold). */
      similarityThreshold: z.number().gt(0).max(1).default(0.6),
    })
    .prefault({}),
  discussion: z
    .object({
      /** d, agents per discussion. */
      groupSize: z.number().int().min(1).max(8).default(3),
      /** Share of discussions run centralized (a main agent, the others help); the rest are parallel. */
      centralizedShare: z.number().min(0).max(1).default(0.5),
      /** Multi-turn debate (propose → critique → revise → final) instead of one call. */
      debate: z.boolean().default(false),
      /** Critique-and-revise rounds of a debate. */
      debateRounds: z.number().int().min(1).max(5).default(1),
      targetPolicy: z.enum(TARGET_POLICIES).default("round_robin"),
      /**
       * Discussion rounds per run (the paper gives no number): each round every agent takes part in
       * one discussion, regrouped at random, and a round is planned only when the previous one has
       * settled, so its memory inserts, evictions and reflections are in the next round's prompts.
       * 3: each agent joins 3 discussions per run (about one discussion per agent, agents/d per
       * round), enough for memories to grow past the seed and fill. A run stops early after a round
       * whose every memory offer was rejected as too similar; `--limit` still caps a run's discussions.
       */
      rounds: z.number().int().min(1).max(100).default(3),
      /** Candidates per target language over the project's life; a language at its budget is no longer targeted. */
      budgets: Budgets.default({}),
    })
    .prefault({}),
  verification: z
    .object({
      /** Run every candidate's code against its tests in the sandbox, in its language. */
      enabled: z.boolean().default(true),
      /** Self-correction: after a failing run the authoring agent sees the output and revises, at most this often. */
      correctionRounds: z.number().int().min(0).max(5).default(2),
      /** Per-language sandbox limits over the defaults, e.g. {"java": {"memoryMb": 1536}}. */
      limits: z.partialRecord(z.enum(LANGUAGES), SandboxLimits).default({}),
    })
    .prefault({}),
  dpo: z
    .object({
      /** Answers sampled per query (the paper used 128). */
      samples: z.number().int().min(2).max(256).default(8),
      temperature: z.number().min(0).max(2).default(0.8),
      /** Chosen/rejected pairs kept per query, each a distinct passing and failing answer. */
      pairsPerQuery: z.number().int().min(1).max(64).default(1),
      /**
       * Where the queries come from: "fresh_run" the candidates this run's discussions made (the
       * paper's further run of the framework: run agents,discuss,dpo); "candidates" the project's
       * existing agent candidates that no reviewer rejected. A fresh_run run without a discuss stage
       * is refused at start (lib/synthesis/dpo-queries.ts).
       */
      queries: z.enum(["fresh_run", "candidates"]).default("fresh_run"),
    })
    .prefault({}),
  /** The quality gate (lib/quality/README.md): decontamination, near-duplicates, the independent check. */
  quality: z
    .object({
      /** Flag items that leak a benchmark problem (bundled HumanEval/MBPP/MBXP/HumanEval-X and the project's own files). */
      decontaminate: z.boolean().default(true),
      /** The SEED stage skips snippets that are benchmark problems; true seeds from them anyway (their items are flagged in turn). */
      seedContaminated: z.boolean().default(false),
      /** Near-duplicates: items whose Jaccard similarity (instruction words or code tokens) reaches this. */
      duplicateThreshold: z.number().min(0.3).max(1).default(0.7),
      /** The SOLVE stage: k answers sampled per instruction, run against tests written without seeing the solution. */
      solveSamples: z.number().int().min(1).max(64).default(4),
      /** Further answers for an item no sample solved, before it is marked unsolved. */
      extraAttempts: z.number().int().min(0).max(64).default(4),
      solveTemperature: z.number().min(0).max(2).default(0.8),
      /** Which passing answer becomes the kept solution. */
      keep: z.enum(["fewest_tokens", "best_scored"]).default("fewest_tokens"),
      /** Measure line coverage of the independent tests over the kept solution (Python, JavaScript, TypeScript, Go). */
      coverage: z.boolean().default(true),
    })
    .prefault({}),
  /** Human review (lib/review/README.md): how many annotators decide an item, and the rubric they answer. */
  review: z
    .object({
      /**
       * Annotators who must decide an item before it is final. 1: the first decision is final (one
       * reviewer per item). With 2 or more, an item stays in the queue of everyone who has not decided
       * it until that many have; when they disagree it goes to a curator, whose decision is final.
       */
      overlap: z.number().int().min(1).max(10).default(1),
      /** Per-language overlap over `overlap`, e.g. {"rust": 2} for a low-resource language. */
      overlapByLanguage: z.partialRecord(z.enum(LANGUAGES), z.number().int().min(1).max(10)).default({}),
      /**
       * The share of items (drawn by item id, so an item's draw never changes) that get the overlap;
       * the others need one decision. 1: every item; 0.1: a 10 % spot check.
       */
      overlapShare: z.number().min(0).max(1).default(1),
      /** The questions annotators answer when they decide (1–5 scales, labels, text); none by default. */
      rubric: Rubric.default([]),
    })
    .prefault({}),
});
/** Effective settings: schema defaults ← the preset's values ← the project's own (every reader parses through this). */
export const ProjectSettings = z.preprocess(layerPreset, ProtocolFields);
export type ProjectSettings = z.infer<typeof ProtocolFields>;
export type ProjectSettingsInput = z.input<typeof ProtocolFields>;

/** The project's settings with defaults filled in; a clear error names every bad field. */
export function parseProjectSettings(raw: unknown): ProjectSettings {
  const parsed = ProjectSettings.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new AppError(
      "CONFIG_INVALID",
      `Invalid project settings: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "settings"}: ${issue.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}

/** The project's languages (all ten when the project names none). */
export function projectLanguages(languages: readonly string[]): Language[] {
  const known = languages.filter((language): language is Language => (LANGUAGES as readonly string[]).includes(language));
  return known.length ? known : [...LANGUAGES];
}
