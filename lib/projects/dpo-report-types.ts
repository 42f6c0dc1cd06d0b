import { z } from "zod";

/** What a run's DPO stage made, per language: the shape the run summary, the CLI and the runs list share. */

export const DpoLanguageReport = z.object({
  language: z.string(),
  queries: z.number().int(),
  paired: z.number().int(),
  /** Queries whose every sample passed (nothing to reject) or failed (nothing to choose): no pair. */
  allPass: z.number().int(),
  allFail: z.number().int(),
  pairs: z.number().int(),
});
export type DpoLanguageReport = z.infer<typeof DpoLanguageReport>;

export const DpoReport = z.object({
  languages: z.array(DpoLanguageReport),
  /** Queries sampled by the response generator because no policy endpoint was bound. */
  fromResponseGenerator: z.number().int(),
  /** Why the stage has no queries, when that is the settings' doing (fresh_run without a discussion that made candidates). */
  note: z.string().nullable(),
});
export type DpoReport = z.infer<typeof DpoReport>;

export const DPO_FALLBACK_NOTE =
  "DPO samples came from the response generator: bind a policy endpoint to sample from the model being trained";

/** "12.5 %" of a whole, or "–" when there is none. */
export function shareOf(part: number, whole: number): string {
  return whole ? `${((part / whole) * 100).toFixed(part && part * 1000 < whole ? 2 : 1).replace(/\.0+$/, "")} %` : "–";
}
