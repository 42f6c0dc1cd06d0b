import type { ReactNode } from "react";

/** A form field: its label, the control, a line of help, and the error the server's schema gave it. */
export function FormField({
  label,
  help,
  error,
  errorTestId,
  children,
}: {
  label: string;
  help?: string;
  error?: string;
  errorTestId: string;
  children: ReactNode;
}) {
  return (
    <label className="block space-y-1">
      <span className="font-medium">{label}</span>
      {children}
      {help && <span className="block text-xs text-slate-500">{help}</span>}
      {error && (
        <span className="block text-xs text-rose-700" data-testid={errorTestId}>
          {error}
        </span>
      )}
    </label>
  );
}
