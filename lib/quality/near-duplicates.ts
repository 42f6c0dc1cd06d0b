import type { DuplicateGroups, QualityItem } from "@/lib/quality/types";

/** TEMP stand-in (the near-duplicates part ships MinHash-LSH): exact Jaccard of instruction word sets, O(n²). */
export function findNearDuplicates(items: QualityItem[], options: { threshold?: number } = {}): DuplicateGroups {
  const threshold = options.threshold ?? 0.7;
  const sets = items.map((item) => new Set(item.instruction.toLowerCase().match(/[a-z0-9_]+/g) ?? []));
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++) {
      const a = sets[i]!;
      const b = sets[j]!;
      let shared = 0;
      for (const w of a) if (b.has(w)) shared += 1;
      const union = a.size + b.size - shared;
      if (union && shared / union >= threshold) parent[find(j)] = find(i);
    }
  const groups = new Map<number, number[]>();
  items.forEach((_, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]));
  const result: DuplicateGroups = { clusters: [], duplicateOf: new Map() };
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const languages = [...new Set(members.map((i) => items[i]!.language))].sort();
    result.clusters.push({ members: members.map((i) => items[i]!.id), languages, crossLingual: languages.length > 1 });
    for (const language of languages) {
      const same = members.filter((i) => items[i]!.language === language);
      const best = same.reduce((k, i) => ((items[i]!.score ?? -Infinity) > (items[k]!.score ?? -Infinity) ? i : k), same[0]!);
      for (const i of same) if (i !== best) result.duplicateOf.set(items[i]!.id, items[best]!.id);
    }
  }
  return result;
}
