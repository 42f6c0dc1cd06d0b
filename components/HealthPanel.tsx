"use client";

import { useHealth } from "@/components/data/health";
import type { HealthStatus, SystemHealth } from "@/lib/health/types";

const LABELS: Record<keyof SystemHealth, string> = {
  db: "Database",
  worker: "Workers",
  model: "Model endpoint",
  sandbox: "Sandbox",
};

const DOT: Record<HealthStatus, string> = {
  ok: "bg-emerald-500",
  degraded: "bg-amber-500",
  down: "bg-rose-500",
  unconfigured: "bg-slate-400",
};

export function HealthPanel() {
  const health = useHealth();
  return (
    <section aria-labelledby="health-heading" className="space-y-3">
      <div className="flex items-baseline justify-between">
        <h2 id="health-heading" className="text-lg font-medium">
          System
        </h2>
        {health.isFetching && <span className="text-xs text-slate-400">checking…</span>}
      </div>
      {health.error ? (
        <p data-testid="health-error" className="rounded-md border border-rose-200 bg-rose-50 p-3 text-sm text-rose-800">
          Cannot read the studio&apos;s health: {health.error.message}
        </p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {(Object.keys(LABELS) as (keyof SystemHealth)[]).map((part) => {
            const component = health.data?.[part];
            return (
              <li
                key={part}
                data-testid={`health-${part}`}
                data-status={component?.status ?? "loading"}
                className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
              >
                <div className="flex items-center gap-2">
                  <span
                    className={`size-2.5 rounded-full ${component ? DOT[component.status] : "animate-pulse bg-slate-200"}`}
                    aria-hidden
                  />
                  <span className="font-medium">{LABELS[part]}</span>
                  <span className="ml-auto text-xs uppercase tracking-wide text-slate-500">{component?.status ?? "…"}</span>
                </div>
                <p className="mt-2 text-sm text-slate-600">{component?.detail ?? "Checking…"}</p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
