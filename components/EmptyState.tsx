import Link from "next/link";
import type { ReactNode } from "react";

/**
 * Nothing here yet, and the next step to take: a sentence and one link to where it is done. Without
 * `href` (the viewer cannot take the step) the sentence stands alone.
 */
export function EmptyState({ children, href, action, testId }: { children: ReactNode; href?: string; action?: string; testId?: string }) {
  return (
    <div
      data-testid={testId}
      className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600"
    >
      <p className="min-w-0">{children}</p>
      {href && action && (
        <Link href={href} className="shrink-0 rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white hover:bg-slate-700">
          {action}
        </Link>
      )}
    </div>
  );
}
