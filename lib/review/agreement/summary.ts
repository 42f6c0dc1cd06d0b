import type { AgreementFigure } from "@/lib/review/agreement/report-types";
import { cohenKappa, krippendorffAlpha, percentAgreement, type Level, type Value } from "@/lib/review/agreement/stats";

/**
 * Agreement over a set of annotations, the one computation behind the agreement page, the dataset
 * card and exports (client-safe, pure). An annotation is one annotator's value on one item: a
 * decision ("ACCEPT"/"REJECT"), a label, or a 1–5 rubric score. Only items two or more annotators
 * answered count. The headline statistic is Cohen's κ when exactly two annotators answered the
 * items, Krippendorff's α when more did (or when pairs of annotators vary from item to item); each
 * pair of annotators gets its own κ over the items both answered.
 */

export type Annotation = { itemId: string; language: string; annotator: string; value: Value };

export type { AgreementFigure };

export type PairFigure = { a: string; b: string; items: number; percent: number | null; kappa: number | null };

export type AgreementSummary = {
  overall: AgreementFigure;
  byLanguage: Record<string, AgreementFigure>;
  /** Every pair of annotators who both answered at least one item, by most shared items. */
  pairs: PairFigure[];
};

/** Nominal for decisions and labels; interval for 1–5 scores (κ quadratic-weighted for two). */
export function summarizeAgreement(annotations: readonly Annotation[], level: Level = "nominal"): AgreementSummary {
  const byLanguage = new Map<string, Annotation[]>();
  for (const a of annotations) {
    const list = byLanguage.get(a.language);
    if (list) list.push(a);
    else byLanguage.set(a.language, [a]);
  }
  return {
    overall: figure(annotations, level),
    byLanguage: Object.fromEntries([...byLanguage.keys()].sort().map((language) => [language, figure(byLanguage.get(language)!, level)])),
    pairs: pairFigures(annotations, level),
  };
}

/** Annotations grouped by item, items with two or more annotations only (an annotator's last value per item). */
function pairableItems(annotations: readonly Annotation[]): Map<string, Map<string, Value>> {
  const items = new Map<string, Map<string, Value>>();
  for (const a of annotations) {
    const item = items.get(a.itemId) ?? new Map<string, Value>();
    item.set(a.annotator, a.value);
    items.set(a.itemId, item);
  }
  for (const [id, item] of items) if (item.size < 2) items.delete(id);
  return items;
}

/** One figure over all the annotations given (no per-language or per-pair breakdown): the weekly points, each label. */
export function agreementFigure(annotations: readonly Annotation[], level: Level = "nominal"): AgreementFigure {
  return figure(annotations, level);
}

function figure(annotations: readonly Annotation[], level: Level): AgreementFigure {
  const items = pairableItems(annotations);
  const units = [...items.values()].map((item) => [...item.values()]);
  const annotators = new Set([...items.values()].flatMap((item) => [...item.keys()]));
  const alpha = krippendorffAlpha(units, level);
  const everyItemTheSamePair = annotators.size === 2 && [...items.values()].every((item) => item.size === 2);
  let value = alpha;
  let method: AgreementFigure["method"] = "alpha";
  if (everyItemTheSamePair) {
    const [a, b] = [...annotators].sort();
    method = "kappa";
    value = cohenKappa(
      [...items.values()].map((item) => [item.get(a!)!, item.get(b!)!] as const),
      level === "nominal" ? "none" : "quadratic",
    );
  }
  return {
    items: items.size,
    annotations: units.reduce((sum, unit) => sum + unit.length, 0),
    annotators: annotators.size,
    percent: percentAgreement(units),
    method,
    value,
    alpha,
  };
}

function pairFigures(annotations: readonly Annotation[], level: Level): PairFigure[] {
  const items = pairableItems(annotations);
  const shared = new Map<string, [Value, Value][]>();
  for (const item of items.values()) {
    const annotators = [...item.keys()].sort();
    for (let i = 0; i < annotators.length; i++)
      for (let j = i + 1; j < annotators.length; j++) {
        const key = JSON.stringify([annotators[i], annotators[j]]);
        const list = shared.get(key) ?? [];
        list.push([item.get(annotators[i]!)!, item.get(annotators[j]!)!]);
        shared.set(key, list);
      }
  }
  return [...shared.entries()]
    .map(([key, pairs]) => {
      const [a, b] = JSON.parse(key) as [string, string];
      return {
        a,
        b,
        items: pairs.length,
        percent: pairs.filter(([x, y]) => x === y).length / pairs.length,
        kappa: cohenKappa(pairs, level === "nominal" ? "none" : "quadratic"),
      };
    })
    .sort((x, y) => y.items - x.items || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
}

/** "κ = 0.71 over 120 items (2 annotators, 88 % agree)", for cards and summaries. */
export function describeAgreement(f: AgreementFigure): string {
  if (!f.items) return "no item was decided by two annotators";
  const symbol = f.method === "kappa" ? "Cohen's κ" : "Krippendorff's α";
  const value = f.value === null ? "undefined (no variation)" : f.value.toFixed(2);
  const percent = f.percent === null ? "" : `, ${Math.round(f.percent * 100)} % agree`;
  return `${symbol} = ${value} over ${f.items} item${f.items === 1 ? "" : "s"} (${f.annotators} annotators${percent})`;
}
