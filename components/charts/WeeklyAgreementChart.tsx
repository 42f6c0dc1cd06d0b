"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard } from "@/components/charts/ChartCard";
import { AXIS, CHART_HEIGHT, COLORS } from "@/components/charts/palette";
import type { WeekFigure } from "@/lib/review/agreement/report-types";

/** Decision agreement (κ or α) per week, by each item's later decision, with the items it rests on as bars. */
export function WeeklyAgreementChart({ weeks }: { weeks: WeekFigure[] }) {
  const data = weeks.map((w) => ({ week: w.week.slice(5), value: w.value === null ? null : Number(w.value.toFixed(3)), items: w.items }));
  return (
    <ChartCard
      title="Decision agreement per week"
      testId="chart-agreement-weekly"
      empty={data.length === 0 && "No week has an item decided by two annotators yet."}
    >
      <ComposedChart responsive data={data} style={{ width: "100%", height: CHART_HEIGHT }} margin={{ top: 8, right: 8 }}>
        <CartesianGrid vertical={false} stroke="#f1f5f9" />
        <XAxis dataKey="week" tick={AXIS} />
        <YAxis yAxisId="value" domain={[-1, 1]} ticks={[-1, -0.5, 0, 0.4, 0.667, 0.8, 1]} tick={AXIS} width={44} />
        <YAxis yAxisId="items" orientation="right" allowDecimals={false} tick={AXIS} width={36} />
        <Tooltip
          formatter={(value, name) =>
            value === null || value === undefined ? "—" : name === "items" ? String(value) : Number(value).toFixed(2)
          }
        />
        <Legend wrapperStyle={{ fontSize: 11 }} itemSorter={null} />
        <Bar yAxisId="items" dataKey="items" name="items" fill={COLORS.queued} maxBarSize={48} isAnimationActive={false} />
        <Line
          yAxisId="value"
          dataKey="value"
          name="κ / α"
          stroke={COLORS.running}
          strokeWidth={2}
          dot
          connectNulls
          isAnimationActive={false}
        />
      </ComposedChart>
    </ChartCard>
  );
}
