import { STAGE_LABEL } from "@/components/runs/run-status";

/** A run's most frequent failure reasons, most first, each with how many items it cost. */
export function FailureReasons({
  reasons,
  className = "",
}: {
  reasons: { stage: string; reason: string; count: number }[];
  className?: string;
}) {
  if (!reasons.length) return null;
  return (
    <ul className={`space-y-0.5 text-xs ${className}`} data-testid="run-failure-reasons">
      {reasons.map((r) => (
        <li key={`${r.stage}:${r.reason}`} data-testid="run-failure-reason" className="flex gap-2">
          <span className="shrink-0 font-semibold tabular-nums">{r.count} ×</span>{" "}
          <span className="shrink-0 text-slate-500">{STAGE_LABEL[r.stage] ?? r.stage.toLowerCase()}:</span>{" "}
          <span className="line-clamp-2 break-words" title={r.reason}>
            {r.reason}
          </span>
        </li>
      ))}
    </ul>
  );
}
