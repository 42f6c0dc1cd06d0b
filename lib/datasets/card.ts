import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Provenance } from "@/lib/datasets/provenance";
import { describePresetLine } from "@/lib/synthesis/presets";
import { versionStatistics } from "@/lib/datasets/statistics";
import { describeAgreement } from "@/lib/review/agreement/summary";
import {
  describeAgreementRemoved,
  describeRemoved,
  type AnnotationProvenance,
  type LengthBin,
  type QualityProvenance,
  type VersionStatistics,
} from "@/lib/datasets/version-types";

/**
 * The dataset card (README.md) of a version: what it is, how it was made, where its seeds came from
 * and under which licences, and its figures. It is published with the data, so it names no person
 * (no creator's email). A pure function of the frozen version: no clock, no
 * locale, every list sorted, so an export made today and one made next year carry the same bytes.
 */

const SOURCE_LABELS: Record<keyof VersionStatistics["bySource"], string> = {
  DS1: "Ds1: instruction written from a snippet, then answered",
  DS2: "Ds2: answer written from a snippet, then its instruction",
  DS3: "Ds3: synthesized by language agents in discussion",
  HUMAN_EDIT: "Ds3, edited by a reviewer (the accepted revision is a person's)",
  IMPORTED: "Imported: a pair from an existing instruction set, scored and kept like a seed pair",
};

const int = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null, digits = 2) => (x === null ? "–" : x.toFixed(digits));
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ].join("\n");
}

function bars(bins: LengthBin[]): string {
  const width = 40;
  const most = Math.max(1, ...bins.map((b) => b.count));
  const label = (b: LengthBin) => `${b.from}–${b.to - 1}`.padStart(11);
  return [
    "```text",
    ...bins.map((b) => `${label(b)} | ${"█".repeat(Math.round((b.count / most) * width)).padEnd(width)} ${b.count}`),
    "```",
  ].join("\n");
}

/** "MIT" when every snippet with a known licence has that one; "other" for a mix (Hugging Face's metadata value). */
function licenceTag(p: Provenance): string {
  const known = p.seeds.licenses.filter((l) => l.name !== "unknown");
  if (known.length === 1 && !p.seeds.licenses.some((l) => l.name === "unknown")) return known[0]!.name.toLowerCase();
  return "other";
}

function frontMatter(tag: string, p: Provenance, stats: VersionStatistics): string {
  const size =
    stats.total < 1_000
      ? "n<1K"
      : stats.total < 10_000
        ? "1K<n<10K"
        : stats.total < 100_000
          ? "10K<n<100K"
          : stats.total < 1_000_000
            ? "100K<n<1M"
            : "n>1M";
  return [
    "---",
    `pretty_name: ${JSON.stringify(`${p.project.name || p.project.slug} ${tag}`)}`,
    `license: ${licenceTag(p)}`,
    "task_categories:",
    "  - text-generation",
    "tags:",
    "  - code",
    "  - instruction-tuning",
    "  - synthetic",
    ...stats.languages.map((l) => `  - ${l.language}`),
    "size_categories:",
    `  - ${size}`,
    "---",
  ].join("\n");
}

export async function renderDatasetCard({ db, versionId }: { db: Db; versionId: string }): Promise<string> {
  const version = await db.datasetVersion.findUnique({
    where: { id: versionId },
    select: { tag: true, notes: true, status: true, itemCount: true, pairCount: true, contentHash: true, filters: true, cutAt: true },
  });
  if (!version) throw new AppError("NOT_FOUND", "No such dataset version.");
  if (version.status !== "READY")
    throw new AppError(
      "CONFLICT",
      `Version ${version.tag} is ${version.status === "CUTTING" ? "still being cut" : "a failed cut"}: it has no card.`,
    );
  const stats = await versionStatistics({ db, versionId });
  const p = stats.provenance;
  const title = p.project.name || p.project.slug;
  const filters = version.filters as CardFilters;
  // Versions cut before the count was recorded took every kept seed pair unreviewed: their count is unknown.
  const unreviewed = p.review?.unreviewed ?? null;

  const out: string[] = [];
  out.push(frontMatter(version.tag, p, stats), "");
  out.push(`# ${title} — ${version.tag}`, "");
  out.push(
    `A multilingual code instruction dataset for supervised fine-tuning (SFT) and preference tuning (DPO) of code language models: ` +
      `${int(stats.total)} instruction/solution pairs in ${stats.languages.length} programming language${stats.languages.length === 1 ? "" : "s"}` +
      `${stats.pairs ? `, and ${int(stats.pairs)} chosen/rejected pairs` : ""}. ` +
      `It was made with Rosetta, which implements the multi-agent framework of Qwen2.5-xCoder ("Multi-Agent Collaboration for Multilingual Code Instruction Tuning", arXiv 2502.07487).`,
    "",
  );
  out.push(
    table(
      ["Field", "Value"],
      [
        ["Version", version.tag],
        ["Cut", version.cutAt?.toISOString() ?? "–"],
        ["Content hash (SHA-256 over items, then pairs)", `\`${version.contentHash ?? "–"}\``],
        ["Instruction/solution items", int(version.itemCount)],
        ["DPO pairs", int(version.pairCount)],
        ["Filters", describeFilters(filters)],
        ["Unreviewed items (taken by choice)", unreviewed === null ? "unknown (cut before reviews were recorded)" : int(unreviewed)],
      ],
    ),
    "",
  );
  if (version.notes?.trim()) out.push("## Release notes", "", version.notes.trim(), "");

  out.push("## How it was made", "");
  out.push(
    "1. **Snippets**: code snippets imported with their repository, path and licence; exact duplicates removed, long ones filtered.",
    "2. **Seed pairs**: from each snippet an LLM wrote an instruction and then its answer (Ds1), or an answer and then its instruction (Ds2); a scorer rated each on nine aspects and weak pairs were dropped.",
    "3. **Agents with memory**: language-specific agents, each with a memory of its best samples (kept only when unlike the ones stored) and the scorer's reflection on them (merits and faults).",
    "4. **Discussions**: agents discussed and rewrote samples, across languages, into new instruction/solution pairs with tests (Ds3).",
    "5. **Verification**: every synthesized solution ran against its tests in a sandbox; the authoring agent could correct a failure.",
    unreviewed
      ? `6. **Review**: people accepted, edited or rejected the seed pairs and synthesized items; no rejected item is here. ${int(unreviewed)} of its items were not reviewed: the cut took unreviewed items by choice. An edit is kept as the current revision.`
      : "6. **Review**: people accepted, edited or rejected the seed pairs and synthesized items. Only accepted items are here; an edit is kept as the accepted revision.",
    "7. **DPO pairs**: several answers per query were run against the tests, passing vs failing answers paired (verifier); a reviewer's accepted edit is paired against the agent's answer (human edit).",
    "",
  );
  out.push("### Models", "");
  out.push(
    p.models.roles.length
      ? table(
          ["Role", "Endpoint", "Model"],
          p.models.roles.map((r) => [r.role.toLowerCase().replace(/_/g, " "), r.endpoint, r.model]),
        )
      : "No model roles were bound when this version was cut.",
    "",
  );
  if (p.models.seen.length) {
    out.push(
      "Models that answered the project's calls:",
      "",
      table(
        ["Role", "Model", "Calls"],
        p.models.seen.map((m) => [m.role.toLowerCase().replace(/_/g, " "), m.model, int(m.calls)]),
      ),
      "",
    );
  }
  out.push("### Protocol settings", "");
  if (p.preset) out.push(`Protocol: ${describePresetLine(p.preset)}.`, "");
  out.push("```json", JSON.stringify(p.protocol ?? {}, null, 2), "```", "");

  out.push("## Provenance of the seeds", "");
  out.push(
    p.seeds.seedPairs
      ? `The items descend from ${int(p.seeds.seedPairs)} seed pair${p.seeds.seedPairs === 1 ? "" : "s"} made from ${int(p.seeds.snippets)} snippet${p.seeds.snippets === 1 ? "" : "s"}.`
      : "No seed pair or snippet is recorded behind these items.",
    "",
  );
  if (p.seeds.sources.length)
    out.push(
      table(
        ["Imported from", "Snippets"],
        p.seeds.sources.map((s) => [s.name.toLowerCase(), int(s.count)]),
      ),
      "",
    );
  if (p.seeds.languages.length)
    out.push(
      table(
        ["Snippet language", "Snippets"],
        p.seeds.languages.map((s) => [s.name, int(s.count)]),
      ),
      "",
    );
  if (p.seeds.repos.length) {
    out.push(
      table(
        ["Repository", "Snippets"],
        p.seeds.repos.map((r) => [r.name, int(r.count)]),
      ),
      "",
    );
    if (p.seeds.otherRepos) out.push(`…and ${int(p.seeds.otherRepos)} more repositories.`, "");
  }

  out.push("### Licences", "");
  out.push(
    "The seed snippets keep the licences they were imported with; the synthesized items derive from them through language models. " +
      "Check that these licences allow your use, and that the models' terms allow training on their output.",
    "",
  );
  out.push(
    p.seeds.licenses.length
      ? table(
          ["Licence", "Snippets"],
          p.seeds.licenses.map((l) => [l.name, int(l.count)]),
        )
      : "No snippet licence information.",
    "",
  );

  out.push("## Composition", "");
  out.push(
    table(
      ["Source", "Items", "Share"],
      // Imported pairs get a row only when there are some: a version without them keeps the card it always had.
      (Object.keys(SOURCE_LABELS) as (keyof typeof SOURCE_LABELS)[])
        .filter((s) => s !== "IMPORTED" || stats.bySource.IMPORTED > 0)
        .map((s) => [SOURCE_LABELS[s], int(stats.bySource[s]), pct(stats.total ? stats.bySource[s] / stats.total : null)]),
    ),
    "",
  );

  out.push("## Verification", "");
  out.push(
    `${int(stats.verified)} items passed their tests in the sandbox; the pass rate among items that carry tests (the synthesized ones; seed pairs have none) is ${pct(stats.passRate)}. ` +
      `Items accepted by a reviewer despite failing tests are included and marked unverified. Mean score (the scorer's total, 1–5): ${num(stats.meanScore)}.`,
    "",
  );

  if (p.quality) out.push(...qualitySection(p.quality));
  // Versions cut before annotation was recorded (or with no decided item) have no such section: their cards stay byte for byte.
  if (p.annotation) out.push(...annotationSection(p.annotation));

  out.push("## Lengths", "");
  out.push(`Token counts by ${stats.tokenizer}, the BPE Qwen's tokenizer extends (the paper's Fig. 6).`, "");
  out.push("### Problems (instructions)", "", bars(stats.lengths.problem), "");
  out.push("### Solutions", "", bars(stats.lengths.solution), "");

  out.push("## Per language", "");
  const imported = stats.bySource.IMPORTED > 0;
  out.push(
    table(
      [
        "Language",
        "Items",
        "Ds1",
        "Ds2",
        "Ds3",
        "Edits",
        ...(imported ? ["Imported"] : []),
        "Verified",
        "Pass rate",
        "Mean score",
        "Median problem tokens",
        "Median solution tokens",
      ],
      stats.languages.map((l) => [
        l.language,
        int(l.total),
        int(l.bySource.DS1),
        int(l.bySource.DS2),
        int(l.bySource.DS3),
        int(l.bySource.HUMAN_EDIT),
        ...(imported ? [int(l.bySource.IMPORTED)] : []),
        int(l.verified),
        pct(l.passRate),
        num(l.meanScore),
        num(l.medianProblemTokens, 0),
        num(l.medianSolutionTokens, 0),
      ]),
    ),
    "",
  );

  out.push("## Reproducibility", "");
  out.push(
    `This version is immutable: its items and pairs were frozen when it was cut, and the content hash above identifies them. ` +
      `Exporting it again, in any format, gives byte-identical files.`,
    "",
  );
  return out.join("\n");
}

/** The quality gate at the cut: what it checked, what it left out and why (versions cut before it have no such section). */
function qualitySection(q: QualityProvenance): string[] {
  const removed = describeRemoved(q, 50);
  const c = q.removed.contaminated;
  const d = q.removed.duplicates;
  return [
    "## Quality gate",
    "",
    q.decontaminated
      ? "Decontamination: every item's instruction and solution were checked against benchmark problems (HumanEval, MBPP, MBXP, HumanEval-X and the project's own benchmark files) by normalised n-gram overlap of statements and code, across languages."
      : "Decontamination: off in the project's settings; items were not checked against benchmark problems.",
    "Near-duplicates: items were clustered by MinHash-LSH over instruction words and code tokens, across the project and across languages; the same task in other languages is a cross-lingual sibling and stays.",
    "",
    table(
      ["Policy or outcome", "Items"],
      [
        [
          q.includeContaminated ? "Contaminated items: included by choice" : "Contaminated items: left out",
          q.includeContaminated ? int(q.included.contaminated) : c.count ? `${int(c.count)} removed` : "none found",
        ],
        [
          q.keepDuplicates ? "Near-duplicates: all kept by choice" : "Near-duplicates: one kept per language and cluster (the best-scored)",
          q.keepDuplicates
            ? int(q.included.clustered)
            : d.count
              ? `${int(d.count)} removed from ${int(d.clusters)} clusters`
              : "none found",
        ],
        ["Items in a duplicate cluster here", int(q.included.clustered)],
        ["Items checked again at the cut (changed since their last check)", int(q.rechecked)],
      ],
    ),
    "",
    removed ? `Removed: ${removed}.` : "Nothing was removed.",
    "",
  ];
}

/** How many annotators decided the items, how much they agreed, and what the cut required of them. */
function annotationSection(a: AnnotationProvenance): string[] {
  const o = a.overlap;
  const byLanguage = Object.entries(o.overlapByLanguage).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  const overlap =
    o.overlap <= 1 && !byLanguage.length
      ? "one annotator decides an item"
      : `${o.overlap} annotator${o.overlap === 1 ? "" : "s"} per item` +
        (byLanguage.length ? ` (${byLanguage.map(([language, n]) => `${language}: ${n}`).join(", ")})` : "") +
        (o.overlapShare < 1 ? `, on a ${Math.round(o.overlapShare * 100)} % sample of the items (the others: one)` : "");
  const removed = describeAgreementRemoved(a);
  const languages = Object.keys(a.agreement.byLanguage).sort();
  const out = [
    "## Annotation",
    "",
    `Overlap: ${overlap}. When an item's annotators disagreed, a curator's adjudication decided it; an item still in dispute is not here.`,
    "",
    table(
      ["Annotation", "Value"],
      [
        ["Items with a standing decision", int(a.items.decided)],
        ["Items decided by two or more annotators", int(a.items.multiAnnotated)],
        ["Items adjudicated by a curator", int(a.items.adjudicated)],
        [
          "Agreeing (accept) decisions required",
          a.minAgreeingDecisions === null ? "none" : `${a.minAgreeingDecisions}, annotators' and a curator's alike`,
        ],
        ["Agreement on decisions", describeAgreement(a.agreement.overall)],
      ],
    ),
    "",
  ];
  if (languages.length)
    out.push(
      table(
        ["Language", "Agreement on decisions"],
        languages.map((language) => [language, describeAgreement(a.agreement.byLanguage[language]!)]),
      ),
      "",
    );
  if (a.rubric.length)
    out.push(
      table(
        ["Rubric question (1–5)", "Agreement"],
        a.rubric.map((q) => [`${q.label}${q.aspect ? ` (${q.aspect})` : ""}`, describeAgreement(q.overall)]),
      ),
      "",
    );
  if (a.minAgreeingDecisions !== null)
    out.push(removed ? `Left out: ${removed}.` : "No item was left out for too few agreeing decisions.", "");
  return out;
}

type CardFilters = {
  languages?: string[] | null;
  minScore?: number | null;
  verifiedOnly?: boolean;
  sources?: string[];
  includeUnreviewed?: boolean;
  includeContaminated?: boolean;
  keepDuplicates?: boolean;
  minAgreeingDecisions?: number;
};

function describeFilters(f: CardFilters): string {
  const parts = [`sources: ${(f.sources ?? []).join(", ") || "all"}`];
  parts.push(`languages: ${f.languages?.length ? f.languages.join(", ") : "all"}`);
  if (f.minScore !== null && f.minScore !== undefined) parts.push(`score ≥ ${f.minScore}`);
  if (f.verifiedOnly) parts.push("verified only");
  if (f.includeUnreviewed) parts.push("unreviewed items included");
  if (f.includeContaminated) parts.push("contaminated items included");
  if (f.keepDuplicates) parts.push("near-duplicates kept");
  if (f.minAgreeingDecisions) parts.push(`at least ${f.minAgreeingDecisions} agreeing decisions`);
  return parts.join("; ");
}
