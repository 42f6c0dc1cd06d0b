/**
 * A score as models write it: 4, "4", "4.0", "4/5", "4.0 / 5", "4 out of 5", "8/10" (scaled to
 * the 1–5 scale), "Score: 4", "4 (good)"; "N/A", "none", "-", null mean not applicable. What it
 * cannot read is returned unchanged, for the schema to refuse; so is an out-of-range number.
 */
const SCALE_WORDS: Record<string, number> = {
  "very bad": 1,
  bad: 2,
  poor: 2,
  neutral: 3,
  average: 3,
  fair: 3,
  good: 4,
  "very good": 5,
  excellent: 5,
};

export function readScore(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim().toLowerCase();
  if (/^(n\/?a|none|null|nil|not applicable|-+|—|–)\.?$/.test(text)) return null;
  // The words of the scale the scorer's prompt defines (1.0 very bad … 5.0 very good).
  const word = SCALE_WORDS[text.replace(/^score\s*[:=]?\s*/, "").replace(/[.!]$/, "")];
  if (word !== undefined) return word;
  const match =
    /^(?:score\s*[:=]?\s*)?(\d+(?:\.\d+)?)\s*(?:(?:\/|out of|of)\s*(\d+(?:\.\d+)?))?\s*(?:points?|stars?)?\s*(?:\([^)]*\))?\.?$/.exec(text);
  if (!match) return value;
  const score = Number(match[1]);
  const scale = match[2] === undefined ? 5 : Number(match[2]);
  if (scale === 5) return score;
  if (!(scale > 0) || score > scale) return (score * 5) / (scale || 1); // out of range: refused
  // A larger scale's lowest marks all mean "very bad": they map to 1, not below the scale.
  return Math.max(1, Math.round((score * 5 * 100) / scale) / 100);
}
