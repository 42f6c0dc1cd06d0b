"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard } from "@/components/charts/ChartCard";
import { AXIS, CHART_HEIGHT, COLORS } from "@/components/charts/palette";
import { runStatusLabel } from "@/components/runs/run-status";
import type { Dashboard } from "@/lib/projects/dashboard-types";

const PARTS = ["done", "failed", "running", "queued"] as const;

/** Each stage of the run being watched as one stacked bar: done, failed, running, queued. */
export function StageProgressChart({ progress }: { progress: Dashboard["progress"] }) {
  const data = (progress?.stages ?? []).map((s) => ({ ...s, name: s.stage.toLowerCase() }));
  const title = progress
    ? `Run progress per stage (${runStatusLabel(progress.status)}${progress.stage ? `, on ${progress.stage.toLowerCase()}` : ""})`
    : "Run progress per stage";
  return (
    <ChartCard title={title} testId="chart-stage-progress" empty={!progress && "No run yet."}>
      <BarChart responsive data={data} layout="vertical" style={{ width: "100%", height: CHART_HEIGHT }} margin={{ left: 8, right: 8 }}>
        <CartesianGrid horizontal={false} stroke="#f1f5f9" />
        <XAxis type="number" allowDecimals={false} tick={AXIS} />
        <YAxis type="category" dataKey="name" width={64} tick={AXIS} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 11 }} itemSorter={null} />
        {PARTS.map((part) => (
          <Bar key={part} dataKey={part} stackId="items" fill={COLORS[part]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartCard>
  );
}
