"use client";

import Link from "next/link";
import { DataTable, type Column } from "@/components/DataTable";
import { useDashboard } from "@/components/data/dashboard";
import { useDiscussions } from "@/components/data/discussions";
import { EmptyState } from "@/components/EmptyState";
import { ErrorNote } from "@/components/ErrorNote";
import { NextStep } from "@/components/projects/NextStep";
import { FailuresChart } from "@/components/charts/FailuresChart";
import { LanguageCountsChart } from "@/components/charts/LanguageCountsChart";
import { LanguageRatesChart } from "@/components/charts/LanguageRatesChart";
import { StageProgressChart } from "@/components/charts/StageProgressChart";
import { UsageChart } from "@/components/charts/UsageChart";
import { FailureReasons } from "@/components/runs/FailureReasons";
import { RunHealthBanner } from "@/components/runs/RunHealthBanner";
import { DemoCallout } from "@/components/demo/DemoCallout";
import { RunStatusBadge } from "@/components/runs/RunStatusBadge";
import { failureShare, lossTone, STAGE_LABEL } from "@/components/runs/run-status";
import type { Dashboard } from "@/lib/projects/dashboard-types";

const number = new Intl.NumberFormat("en");
const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : "—");

/** A bar for a share, labelled (people would rather look than read). */
function Bar({ part, whole, tone }: { part: number; whole: number; tone: string }) {
  return (
    <div className="h-2 w-24 overflow-hidden rounded bg-slate-100" title={`${part} of ${whole}`}>
      <div className={`h-2 ${tone}`} style={{ width: whole ? `${(part / whole) * 100}%` : "0%" }} />
    </div>
  );
}

const LANGUAGE_COLUMNS: Column<Dashboard["languages"][number]>[] = [
  { header: "Language", cell: (l) => l.language },
  { header: "Snippets", align: "right", cellClassName: "tabular-nums", cell: (l) => number.format(l.snippets) },
  { header: "Seeds kept", align: "right", cellClassName: "tabular-nums", cell: (l) => `${l.seedsKept}/${l.seedsKept + l.seedsDropped}` },
  {
    header: "Seeds reviewed",
    align: "right",
    cellClassName: "tabular-nums",
    cell: (l) => (
      <span title={`${l.seedsAccepted} accepted, ${l.seedsRejected} rejected`}>
        {l.seedsAccepted + l.seedsRejected}/{l.seedsKept}
      </span>
    ),
  },
  { header: "Candidates", align: "right", className: "pr-4", cellClassName: "tabular-nums", cell: (l) => l.candidates },
  {
    header: "Tests pass",
    cell: (l) => (
      <div className="flex items-center gap-2">
        <Bar part={l.passed} whole={l.verified} tone="bg-emerald-500" /> {percent(l.passed, l.verified)}
      </div>
    ),
  },
  {
    header: "Accepted",
    cell: (l) => (
      <div className="flex items-center gap-2">
        <Bar part={l.accepted} whole={l.accepted + l.rejected} tone="bg-sky-500" /> {percent(l.accepted, l.accepted + l.rejected)}
      </div>
    ),
  },
];

/** The project's dashboard, refreshed every two seconds while a run is going, and its discussions. */
export function ProjectDashboard({ slug }: { slug: string }) {
  const dashboard = useDashboard(slug, { live: true });
  // Every loaded page comes again on each refresh: only while a run can be adding discussions.
  const discussions = useDiscussions(slug, {
    live: Boolean(dashboard.data?.runs.some((run) => run.status === "RUNNING" || run.status === "PAUSED")),
  });
  if (dashboard.error) {
    return <ErrorNote testId="dashboard-error">{dashboard.error.message}</ErrorNote>;
  }
  const data = dashboard.data;
  if (!data) return <p className="text-sm text-slate-500">Loading…</p>;
  const items = discussions.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold tracking-tight">{data.project.name}</h1>
      <NextStep slug={slug} dashboard={data} />
      {data.disputed > 0 && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="dashboard-disputed">
          <Link href={`/projects/${slug}/review?review=DISPUTED`} className="font-medium underline">
            {number.format(data.disputed)} disputed — adjudicate
          </Link>
          : their annotators disagreed, and a curator&apos;s decision settles each (
          <Link href={`/projects/${slug}/agreement`} className="underline">
            agreement
          </Link>
          ).
        </p>
      )}
      {data.scriptedModel && <DemoCallout slug={slug} />}
      {data.progress && <RunHealthBanner progress={data.progress} slug={slug} />}
      <section className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-4" data-testid="dashboard-totals">
        {[
          ["Discussions", Object.values(data.discussions).reduce((a, b) => a + b, 0)],
          ["Candidates", data.languages.reduce((a, l) => a + l.candidates, 0)],
          ["Tokens", data.tokens],
          ["Cost", data.costUsd],
        ].map(([label, value]) => (
          <div key={label} className="rounded-md border border-slate-200 bg-white p-3 shadow-sm">
            <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
            <div className="text-xl tabular-nums">
              {label === "Cost" ? `$${(value as number).toFixed(4)}` : number.format(value as number)}
            </div>
          </div>
        ))}
      </section>
      {data.runs.length > 0 && (
        <section className="space-y-1 text-sm">
          <h2 className="font-medium">Runs</h2>
          <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white">
            {data.runs.map((run) => (
              <li key={run.id} data-testid="run-row" data-status={run.status} className="space-y-1 px-3 py-2">
                <div className="flex flex-wrap items-center gap-2 text-slate-600">
                  <RunStatusBadge status={run.status} />
                  <span>
                    {new Date(run.createdAt).toLocaleString()}
                    {run.stage ? ` (${run.stage.toLowerCase()})` : ""} ·{" "}
                    {Object.entries(run.items)
                      .map(([status, n]) => `${n} ${status.toLowerCase()}`)
                      .join(", ") || "no items yet"}
                  </span>
                </div>
                {run.failed > 0 && (
                  <div className={lossTone(run.status) === "rose" ? "text-rose-800" : "text-amber-900"} data-testid="run-failure-share">
                    <p className="text-xs">
                      <span className="font-semibold">{failureShare(run.failed, run.total)}</span>
                      {" · "}
                      {run.stages
                        .filter((s) => s.total > 0)
                        .map((s) => `${STAGE_LABEL[s.stage] ?? s.stage.toLowerCase()} ${s.failed}/${s.total}`)
                        .join(" · ")}
                    </p>
                    <FailureReasons reasons={run.reasons} className="mt-1" />
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="grid min-w-0 gap-4 lg:grid-cols-2" data-testid="dashboard-charts">
        <StageProgressChart progress={data.progress} />
        <LanguageCountsChart languages={data.languages} />
        <LanguageRatesChart languages={data.languages} />
        <UsageChart usage={data.usage} />
        {data.failures.length > 0 && (
          <div className="lg:col-span-2">
            <FailuresChart failures={data.failures} />
          </div>
        )}
      </section>
      <section>
        <DataTable testId="language-table" columns={LANGUAGE_COLUMNS} rows={data.languages} rowKey={(l) => l.language} />
      </section>
      {data.failures.length > 0 && (
        <section className="space-y-1 text-sm">
          <h2 className="font-medium">Failures</h2>
          {data.failures.map((f) => (
            <p key={`${f.stage}:${f.reason}`} className="text-rose-700">
              {f.count} × {f.stage.toLowerCase()}: {f.reason}
            </p>
          ))}
        </section>
      )}
      <section className="space-y-2 text-sm">
        <div className="flex items-baseline justify-between gap-4">
          <h2 className="font-medium">Discussions</h2>
          <Link href={`/projects/${slug}/discussions`} className="text-brand hover:underline">
            All discussions →
          </Link>
        </div>
        {items.length === 0 ? (
          <EmptyState testId="dashboard-discussions-empty">
            No discussions yet: a run plans them (Settings › Runs, or rosetta run --project {slug}).
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white">
            {items.map((d) => (
              <li key={d.id} data-testid="discussion-row" className="flex flex-wrap justify-between gap-x-4 px-3 py-2">
                <Link href={`/discussions/${d.id}`} className="text-brand hover:underline">
                  {d.mode.toLowerCase()} → {d.targetLanguage}
                </Link>
                <span className="text-slate-600">
                  {d.status.toLowerCase()} · {d.turns} turns
                </span>
              </li>
            ))}
          </ul>
        )}
        {discussions.hasNextPage && (
          <button type="button" onClick={() => void discussions.fetchNextPage()} className="text-brand">
            More discussions
          </button>
        )}
      </section>
    </div>
  );
}
