import type { ReactNode } from "react";

/** An error said plainly where it happened (the server's message: which role is needed, what is wrong). */
export function ErrorNote({ testId, className = "", children }: { testId?: string; className?: string; children: ReactNode }) {
  return (
    <p role="alert" data-testid={testId} className={`rounded-md border border-rose-200 bg-rose-50 p-3 text-sm text-rose-800 ${className}`}>
      {children}
    </p>
  );
}
