"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard } from "@/components/charts/ChartCard";
import { AXIS, CHART_HEIGHT, COLORS } from "@/components/charts/palette";
import type { Dashboard } from "@/lib/projects/dashboard-types";

const share = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);

/**
 * Per language: the share of verified candidates whose tests pass, and of reviewed ones people
 * accepted (rejected is the rest). A language with nothing verified or reviewed has no bar, not 0 %.
 */
export function LanguageRatesChart({ languages }: { languages: Dashboard["languages"] }) {
  const data = languages
    .filter((l) => l.verified + l.accepted + l.rejected > 0)
    .map((l) => ({
      language: l.language,
      pass: share(l.passed, l.verified),
      accept: share(l.accepted, l.accepted + l.rejected),
      reject: share(l.rejected, l.accepted + l.rejected),
    }));
  return (
    <ChartCard
      title="Tests pass · accepted · rejected (%)"
      testId="chart-language-rates"
      empty={data.length === 0 && "Nothing verified or reviewed yet."}
    >
      <BarChart responsive data={data} style={{ width: "100%", height: CHART_HEIGHT }} margin={{ right: 8 }}>
        <CartesianGrid vertical={false} stroke="#f1f5f9" />
        <XAxis dataKey="language" tick={AXIS} />
        <YAxis domain={[0, 100]} unit="%" tick={AXIS} width={44} />
        <Tooltip formatter={(value) => (value === null || value === undefined ? "—" : `${String(value)}%`)} />
        <Legend wrapperStyle={{ fontSize: 11 }} itemSorter={null} />
        <Bar dataKey="pass" name="tests pass" fill={COLORS.done} isAnimationActive={false} />
        <Bar dataKey="accept" name="accepted" fill={COLORS.seeds} isAnimationActive={false} />
        <Bar dataKey="reject" name="rejected" fill={COLORS.rejected} isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
}
