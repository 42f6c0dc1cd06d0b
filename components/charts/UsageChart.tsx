"use client";

import { useState } from "react";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard } from "@/components/charts/ChartCard";
import { AXIS, CHART_HEIGHT, COLORS, compact } from "@/components/charts/palette";
import type { Dashboard } from "@/lib/projects/dashboard-types";

/** Prompt and completion tokens (stacked) with the cost as a line, per day or per stage. */
export function UsageChart({ usage }: { usage: Dashboard["usage"] }) {
  const [by, setBy] = useState<"day" | "stage">("day");
  const data =
    by === "day"
      ? usage.byDay.map(({ day, ...d }) => ({ ...d, name: day.slice(5) }))
      : usage.byStage.map(({ stage, ...s }) => ({ ...s, name: stage }));
  return (
    <ChartCard title={`Tokens and cost per ${by}`} testId="chart-usage" empty={data.length === 0 && "No model calls yet."}>
      <div className="mb-1 flex gap-2 text-xs" role="group" aria-label="Group usage by">
        {(["day", "stage"] as const).map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={by === option}
            onClick={() => setBy(option)}
            className={by === option ? "font-semibold text-brand" : "text-slate-500 hover:underline"}
          >
            per {option}
          </button>
        ))}
      </div>
      <ComposedChart responsive data={data} style={{ width: "100%", height: CHART_HEIGHT }} margin={{ top: 8, right: 8 }}>
        <CartesianGrid vertical={false} stroke="#f1f5f9" />
        <XAxis dataKey="name" tick={AXIS} />
        <YAxis yAxisId="tokens" tick={AXIS} tickFormatter={(v: number) => compact.format(v)} width={44} />
        <YAxis yAxisId="cost" orientation="right" tick={AXIS} tickFormatter={(v: number) => `$${Number(v.toPrecision(2))}`} width={48} />
        <Tooltip formatter={(value, name) => (name === "cost" ? `$${Number(value).toFixed(4)}` : compact.format(Number(value)))} />
        <Legend wrapperStyle={{ fontSize: 11 }} itemSorter={null} />
        <Bar yAxisId="tokens" dataKey="promptTokens" name="prompt tokens" stackId="tokens" fill={COLORS.prompt} isAnimationActive={false} />
        <Bar
          yAxisId="tokens"
          dataKey="completionTokens"
          name="completion tokens"
          stackId="tokens"
          fill={COLORS.completion}
          isAnimationActive={false}
        />
        <Line yAxisId="cost" dataKey="costUsd" name="cost" stroke={COLORS.cost} strokeWidth={2} dot isAnimationActive={false} />
      </ComposedChart>
    </ChartCard>
  );
}
