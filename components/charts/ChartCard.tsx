import type { ReactNode } from "react";

/** A titled box for one chart; an empty chart says so instead of drawing bare axes. */
export function ChartCard({
  title,
  testId,
  empty,
  children,
}: {
  title: string;
  testId: string;
  empty?: string | false;
  children: ReactNode;
}) {
  return (
    <figure data-testid={testId} className="min-w-0 rounded-md border border-slate-200 bg-white p-3 shadow-sm">
      <figcaption className="mb-2 text-xs font-medium uppercase tracking-wide text-slate-500">{title}</figcaption>
      {empty ? <p className="py-10 text-center text-sm text-slate-500">{empty}</p> : children}
    </figure>
  );
}
