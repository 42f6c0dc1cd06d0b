import { ASPECTS, type Aspect } from "@/lib/llm/contracts";
import { canon, isRecord, pickFields, type FieldAliases } from "@/lib/llm/parse/keys";
import { readScore } from "@/lib/llm/parse/score";

const ENTRY_FIELDS: FieldAliases = {
  expert: ["aspect", "name", "criterion", "criteria", "category", "dimension", "metric", "expertname"],
  score: ["rating", "value", "grade", "mark", "points"],
  reason: ["reasoning", "explanation", "justification", "rationale", "comment", "comments", "why", "feedback"],
  scale: ["out_of", "max", "max_score", "maximum"],
};

/** What stands for a reason the scorer did not give: a missing reason is no cause to refuse nine scores. */
export const NO_REASON = "(no reason given)";

/** The names the scorer's prompt shows for each aspect (lib/agents/prompts.ts), and a few more. */
const ASPECT_NAMES: Record<Aspect, readonly string[]> = {
  consistency: ["questionanswerconsistency", "questionandanswerconsistency", "qaconsistency"],
  relevance: ["questionanswerrelevance", "questionandanswerrelevance", "qarelevance"],
  difficulty: ["questionanswerdifficulty", "questionandanswerdifficulty", "qadifficulty"],
  code_exists: ["codeexist", "codeexistence", "codepresence", "hascode"],
  code_correctness: ["correctness"],
  clarity: ["codeclarity", "readability"],
  comments: ["codecomments", "commenting", "comment"],
  easy_to_learn: ["easytolearn", "easeoflearning", "educationalvalue", "learnability"],
  total: ["totalscore", "overall", "overallscore", "finalscore"],
};

const BY_NAME = new Map<string, Aspect>(
  ASPECTS.flatMap((aspect) => [canon(aspect), ...ASPECT_NAMES[aspect]].map((name) => [name, aspect] as const)),
);

/** The aspect a name means ("Code Correctness", "code-correctness", "Clarity Expert", "5. Code Correctness: is…"), or undefined. */
export function aspectOf(name: string): Aspect | undefined {
  const spelled = canon(name.split(":")[0]!).replace(/^\d+/, "");
  return BY_NAME.get(spelled) ?? BY_NAME.get(spelled.replace(/(expert|score|rating|aspect)$/, ""));
}

function readEntry(entry: unknown): unknown {
  // ["consistency", 4, "why"]
  if (Array.isArray(entry) && entry.length >= 2 && entry.length <= 3 && typeof entry[0] === "string")
    entry = { expert: entry[0], score: entry[1], reason: entry[2] };
  if (!isRecord(entry)) return entry;
  // {"consistency": 4, "reason": "…"}: the aspect is the key.
  const named = Object.keys(entry).filter((key) => aspectOf(key));
  if (named.length === 1 && !pickFields(entry, ENTRY_FIELDS).expert) {
    const { [named[0]!]: value, ...rest } = entry;
    entry = isRecord(value) ? { ...rest, ...value, expert: named[0] } : { ...rest, expert: named[0], score: value };
  }
  const { expert, score, reason, scale } = pickFields(entry as Record<string, unknown>, ENTRY_FIELDS);
  return {
    expert: typeof expert === "string" ? (aspectOf(expert) ?? expert) : expert,
    // {"score": 8, "out_of": 10} is "8/10".
    score: readScore(typeof scale === "number" && (typeof score === "number" || typeof score === "string") ? `${score}/${scale}` : score),
    reason:
      reason === undefined || reason === null || (typeof reason === "string" && !reason.trim())
        ? NO_REASON
        : Array.isArray(reason)
          ? reason.join(" ")
          : reason,
  };
}

/** {"consistency": {"score": 4, "reason": "…"}, …} or {"consistency": 4, …}: an entry per aspect key. */
function fromAspectKeys(object: Record<string, unknown>): unknown[] {
  return Object.entries(object).flatMap(([key, value]) => {
    const expert = aspectOf(key);
    if (!expert) return []; // a remark beside the scores ("summary"); a missing aspect is refused below
    return [isRecord(value) ? { ...value, expert } : { expert, score: value }];
  });
}

const SCORE_MAPS = ["scores", "ratings", "grades", "score"];
const REASON_MAPS = ["reasons", "reasoning", "explanations", "justifications", "rationales", "comments", "reason"];

/** {"scores": {"consistency": 4, …}, "reasons": {"consistency": "…", …}}: two maps keyed by aspect, merged. */
function fromParallelMaps(object: Record<string, unknown>): unknown[] | undefined {
  const maps = Object.entries(object).filter(([, value]) => isRecord(value) && Object.keys(value).some((key) => aspectOf(key)));
  const named = (names: string[]) => maps.find(([key]) => names.includes(canon(key)))?.[1] as Record<string, unknown> | undefined;
  const scores = named(SCORE_MAPS);
  const reasons = named(REASON_MAPS);
  if (maps.length !== 2 || !scores || !reasons) return undefined;
  const reasonOf = new Map(Object.entries(reasons).map(([key, reason]) => [aspectOf(key), reason]));
  return fromAspectKeys(scores).map((entry) =>
    isRecord(entry) && !("reason" in entry) ? { ...entry, reason: reasonOf.get(entry.expert as Aspect) } : entry,
  );
}

/**
 * The scorer's list of {expert, score, reason} inside what models write around it: `{"scores":
 * […]}` or any single list in an object, an object keyed by aspect, spellings of aspect names and
 * scores. Every aspect exactly once is left to the schema; the list is put in the aspects' order.
 */
export function normalizeScores(data: unknown): unknown {
  for (let depth = 0; depth < 4 && !Array.isArray(data); depth++) {
    if (!isRecord(data)) return data;
    // A single list is the scores even beside an aspect-named remark ({"scores": […], "total": 4}).
    const lists = Object.values(data).filter(Array.isArray);
    const objects = Object.values(data).filter(isRecord);
    const parallel = fromParallelMaps(data);
    if (parallel) data = parallel;
    else if (lists.length === 1) data = lists[0];
    else if (Object.keys(data).some((key) => aspectOf(key))) data = fromAspectKeys(data);
    else if (lists.length === 0 && objects.length === 1) data = objects[0];
    // {"scores": "great"}: the error should name what is under the key, not the wrapper.
    else return Object.keys(data).length === 1 ? Object.values(data)[0] : data;
  }
  if (!Array.isArray(data)) return data;
  if (data.length === 1 && Array.isArray(data[0])) data = data[0];
  const entries = (data as unknown[]).map(readEntry);
  const rank = (entry: unknown) => (isRecord(entry) ? ASPECTS.indexOf(entry.expert as Aspect) : -1);
  return entries.every((entry) => rank(entry) >= 0) ? [...entries].sort((a, b) => rank(a) - rank(b)) : entries;
}
