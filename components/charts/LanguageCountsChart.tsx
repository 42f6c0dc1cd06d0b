"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard } from "@/components/charts/ChartCard";
import { AXIS, CHART_HEIGHT, COLORS, compact } from "@/components/charts/palette";
import type { Dashboard } from "@/lib/projects/dashboard-types";

const SERIES = [
  { key: "snippets", name: "snippets", color: COLORS.snippets },
  { key: "seedsKept", name: "seeds kept", color: COLORS.seeds },
  { key: "candidates", name: "candidates", color: COLORS.candidates },
  { key: "accepted", name: "accepted", color: COLORS.accepted },
] as const;

/** Per language, side by side: what came in, what the scorer kept, what the agents made, what people accepted. */
export function LanguageCountsChart({ languages }: { languages: Dashboard["languages"] }) {
  return (
    <ChartCard title="Per language" testId="chart-language-counts" empty={languages.length === 0 && "Nothing imported yet."}>
      <BarChart responsive data={languages} style={{ width: "100%", height: CHART_HEIGHT }} margin={{ right: 8 }}>
        <CartesianGrid vertical={false} stroke="#f1f5f9" />
        <XAxis dataKey="language" tick={AXIS} />
        <YAxis allowDecimals={false} tick={AXIS} tickFormatter={(v: number) => compact.format(v)} width={40} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 11 }} itemSorter={null} />
        {SERIES.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartCard>
  );
}
