/** One palette for every chart (Tailwind's colours, so charts match the rest of the page). */
export const COLORS = {
  done: "#10b981",
  failed: "#f43f5e",
  running: "#6366f1",
  queued: "#94a3b8",
  snippets: "#64748b",
  seeds: "#0ea5e9",
  candidates: "#6366f1",
  accepted: "#10b981",
  rejected: "#f43f5e",
  prompt: "#818cf8",
  completion: "#4f46e5",
  cost: "#f59e0b",
} as const;

/** Axis and tooltip text: small, the page's own font (nothing fetched from the network). */
export const AXIS = { fontSize: 11, fill: "#64748b" } as const;
export const CHART_HEIGHT = 220;

export const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
