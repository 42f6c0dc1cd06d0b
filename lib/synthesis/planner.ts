import type { ProjectSettings, TargetPolicy } from "@/lib/synthesis/settings";

/**
 * A discussion round's plan: which agents discuss together, in which mode, for which target
 * language. Pure (the randomness is passed in), so the policies are tested without a database.
 *
 * Groups mix languages: agents are dealt from per-language piles in turn, so consecutive agents
 * differ in language whenever the pool allows, and each group of d gets as many languages as it can
 * (knowledge moves across languages, the point of the paper).
 */

export interface PlanAgent {
  id: string;
  language: string;
}

export interface PlannedDiscussion {
  mode: "CENTRALIZED" | "PARALLEL";
  /** The participants; in centralized mode the first is the main agent. */
  agentIds: string[];
  targetLanguage: string;
}

export interface PlanInput {
  agents: readonly PlanAgent[];
  /** The project's languages, in the project's order. */
  languages: readonly string[];
  settings: ProjectSettings["discussion"];
  /** Candidates produced or planned so far per target language (budgets count these). */
  produced: Readonly<Record<string, number>>;
  /** Data the project has per language (kept seeds + candidates), for low-resource-first. */
  resources: Readonly<Record<string, number>>;
  /** Discussions planned in the project before this round (round robin continues from there). */
  offset: number;
  /** At most this many discussions. */
  max: number;
  random: () => number;
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Agents interleaved by language: one from each language's pile in turn. */
function interleave(agents: readonly PlanAgent[], random: () => number): PlanAgent[] {
  const piles = new Map<string, PlanAgent[]>();
  for (const agent of shuffle(agents, random)) piles.set(agent.language, [...(piles.get(agent.language) ?? []), agent]);
  const order = shuffle([...piles.keys()], random);
  const out: PlanAgent[] = [];
  while (out.length < agents.length) {
    for (const language of order) {
      const next = piles.get(language)!.shift();
      if (next) out.push(next);
    }
  }
  return out;
}

export function groupAgents(agents: readonly PlanAgent[], size: number, random: () => number): PlanAgent[][] {
  const dealt = interleave(agents, random);
  const groups: PlanAgent[][] = [];
  for (let i = 0; i < dealt.length; i += size) groups.push(dealt.slice(i, i + size));
  // A short last group joins the previous one's pool only when it would otherwise be alone.
  if (groups.length > 1 && groups.at(-1)!.length === 1 && size > 1) groups.at(-2)!.push(...groups.pop()!);
  return groups;
}

/** The target language of one discussion under the policy, or undefined when every language is at its budget. */
export function chooseTarget({
  policy,
  group,
  languages,
  produced,
  resources,
  index,
  budgets,
}: {
  policy: TargetPolicy;
  group: readonly PlanAgent[];
  languages: readonly string[];
  produced: Readonly<Record<string, number>>;
  resources: Readonly<Record<string, number>>;
  index: number;
  budgets: Readonly<Record<string, number | undefined>>;
}): string | undefined {
  const open = languages.filter((language) => budgets[language] === undefined || (produced[language] ?? 0) < budgets[language]!);
  if (!open.length) return undefined;
  const fewest = (candidates: readonly string[]) =>
    candidates.reduce((best, language) => ((resources[language] ?? 0) < (resources[best] ?? 0) ? language : best));
  const main = group[0]!.language;
  switch (policy) {
    case "same":
      return open.includes(main) ? main : undefined;
    case "new": {
      const present = new Set(group.map((agent) => agent.language));
      const fresh = open.filter((language) => !present.has(language));
      if (fresh.length) return fewest(fresh);
      const other = open.filter((language) => language !== main);
      return other.length ? fewest(other) : open[0];
    }
    case "low_resource_first":
      return fewest(open);
    case "round_robin":
      for (let step = 0; step < languages.length; step++) {
        const language = languages[(index + step) % languages.length]!;
        if (open.includes(language)) return language;
      }
      return undefined;
  }
}

export function planRound(input: PlanInput): PlannedDiscussion[] {
  const { settings, random } = input;
  const produced = { ...input.produced };
  const resources = { ...input.resources };
  const planned: PlannedDiscussion[] = [];
  for (const group of groupAgents(input.agents, settings.groupSize, random)) {
    if (planned.length >= input.max) break;
    const targetLanguage = chooseTarget({
      policy: settings.targetPolicy,
      group,
      languages: input.languages,
      produced,
      resources,
      index: input.offset + planned.length,
      budgets: settings.budgets,
    });
    if (!targetLanguage) continue;
    produced[targetLanguage] = (produced[targetLanguage] ?? 0) + 1;
    resources[targetLanguage] = (resources[targetLanguage] ?? 0) + 1;
    planned.push({
      mode: random() < settings.centralizedShare ? "CENTRALIZED" : "PARALLEL",
      agentIds: group.map((agent) => agent.id),
      targetLanguage,
    });
  }
  return planned;
}

/**
 * Whether the run plans another discussion round (each agent takes part once per round). Up to
 * `rounds`, and only while the agents still write something new: a round in which every offer to
 * a memory was rejected as too similar to a stored sample means the agents repeat themselves, and
 * another round would mostly repeat it too. `insertedLastRound` is undefined before the first round.
 */
export function wantsAnotherRound({
  round,
  rounds,
  insertedLastRound,
}: {
  round: number;
  rounds: number;
  insertedLastRound: number | undefined;
}): boolean {
  if (round >= rounds) return false;
  return insertedLastRound === undefined || insertedLastRound > 0;
}
