import { describeRemoved, type QualityProvenance } from "@/lib/datasets/version-types";

/**
 * What the quality gate did at a version's cut, in one line: what it left out and why, and what
 * went in flagged by choice. Versions cut before the gate existed show nothing.
 */
export function QualityGateNote({ quality }: { quality: QualityProvenance | null | undefined }) {
  if (!quality) return null;
  const removed = describeRemoved(quality);
  const flagged = quality.included.contaminated;
  return (
    <p className="text-sm text-slate-600" data-testid="version-quality">
      <span className="font-medium text-slate-700">Quality gate:</span>{" "}
      <span data-testid="version-removed">{removed ? `removed ${removed}` : "nothing removed"}</span>
      {!quality.decontaminated && " · decontamination off in the project's settings"}
      {quality.keepDuplicates && " · near-duplicates kept by choice"}
      {flagged > 0 && (
        <span className="ml-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800" data-testid="version-contaminated">
          {flagged} contaminated item{flagged === 1 ? "" : "s"} included{quality.includeContaminated ? " by choice" : ""}
        </span>
      )}
    </p>
  );
}
