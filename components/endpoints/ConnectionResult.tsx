import type { ConnectionReport } from "@/components/data/endpoints";

/** What a connection test found, in a line: the latency, or which step failed and why. */
export function ConnectionResult({ report }: { report: ConnectionReport }) {
  if (!report.ok) {
    return (
      <span className="text-rose-700">
        ✖ {report.step === "list-models" ? "listing models" : "a test request"} failed ({report.kind}): {report.error}
      </span>
    );
  }
  return (
    <span className="text-emerald-700">
      ✔ {report.latencyMs} ms{report.timeToFirstTokenMs !== null ? ` (first token ${report.timeToFirstTokenMs} ms)` : ""}
      {report.modelListed ? "" : ` · the model is not among those listed: ${report.models.slice(0, 5).join(", ")}`}
    </span>
  );
}
