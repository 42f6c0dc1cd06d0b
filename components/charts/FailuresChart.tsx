"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard } from "@/components/charts/ChartCard";
import { AXIS, COLORS } from "@/components/charts/palette";
import type { Dashboard } from "@/lib/projects/dashboard-types";

const short = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The most frequent failure reasons, most first; the full reason is in the tooltip and the list below. */
export function FailuresChart({ failures }: { failures: Dashboard["failures"] }) {
  const data = failures.map((f) => ({
    name: `${f.stage.toLowerCase()}: ${short(f.reason || "no reason", 40)}`,
    reason: `${f.stage.toLowerCase()}: ${f.reason}`,
    count: f.count,
  }));
  return (
    <ChartCard title="Failures by reason" testId="chart-failures" empty={data.length === 0 && "No failures."}>
      <BarChart
        responsive
        data={data}
        layout="vertical"
        style={{ width: "100%", height: Math.max(120, 28 * data.length + 40) }}
        margin={{ left: 8, right: 8 }}
      >
        <CartesianGrid horizontal={false} stroke="#f1f5f9" />
        <XAxis type="number" allowDecimals={false} tick={AXIS} />
        <YAxis type="category" dataKey="name" width={220} tick={AXIS} />
        <Tooltip labelFormatter={(_label, payload) => String((payload?.[0]?.payload as { reason?: string } | undefined)?.reason ?? "")} />
        <Bar dataKey="count" name="items" fill={COLORS.failed} isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
}
