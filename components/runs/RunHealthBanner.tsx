import Link from "next/link";
import { FailureReasons } from "@/components/runs/FailureReasons";
import { failureShare, lossTone, runStatusLabel, STAGE_LABEL } from "@/components/runs/run-status";
import type { Dashboard } from "@/lib/projects/dashboard-types";

/**
 * The watched run (the running one, else the latest) when it lost items or failed: at the top of
 * the dashboard, in the colour of how bad it is, with the share lost per stage and the top reasons.
 */
export function RunHealthBanner({ progress, slug }: { progress: NonNullable<Dashboard["progress"]>; slug: string }) {
  const total = progress.stages.reduce((sum, s) => sum + s.queued + s.running + s.done + s.failed, 0);
  const failed = progress.stages.reduce((sum, s) => sum + s.failed, 0);
  if (failed === 0 && progress.status !== "FAILED") return null;
  const tone = lossTone(progress.status);
  const live = progress.status === "RUNNING" || progress.status === "PAUSED";
  const headline = live
    ? `The ${runStatusLabel(progress.status)} run has lost items so far: ${failureShare(failed, total)}.`
    : `The latest run ${runStatusLabel(progress.status)}: ${failureShare(failed, total)}.`;
  return (
    <section
      aria-label="Run health"
      data-testid="run-failures-banner"
      data-status={progress.status}
      className={`space-y-2 rounded-lg border-l-4 p-4 text-sm shadow-sm ${tone === "rose" ? "border-rose-500 bg-rose-50 text-rose-900" : "border-amber-500 bg-amber-50 text-amber-900"}`}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="font-semibold">⚠ {headline}</p>
        <Link href={`/projects/${slug}/settings`} className="text-xs underline">
          Runs →
        </Link>
      </div>
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-xs" data-testid="run-failures-per-stage">
        {progress.stages
          .filter((s) => s.queued + s.running + s.done + s.failed > 0)
          .map((s) => (
            <span key={s.stage} className={s.failed ? "font-semibold" : ""}>
              {STAGE_LABEL[s.stage] ?? s.stage.toLowerCase()}: {s.failed}/{s.queued + s.running + s.done + s.failed} failed
            </span>
          ))}
      </p>
      <FailureReasons reasons={progress.reasons} />
    </section>
  );
}
