"use client";

import { useState } from "react";
import { BUTTON } from "@/components/people/styles";

/** A secret (a password, a token, a reset link) shown this one time, with a copy button: it cannot be shown again. */
export function ShownOnce({ label, value, testId, onDismiss }: { label: string; value: string; testId: string; onDismiss?: () => void }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // A browser without clipboard access (an insecure origin): the value is there to select by hand.
      setCopied("no");
    }
  };
  return (
    <div role="status" className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
      <p className="font-medium">{label} — shown once; copy it now.</p>
      <code data-testid={testId} className="block select-all break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900">
        {value}
      </code>
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" onClick={() => void copy()} className={BUTTON}>
          Copy
        </button>
        {copied === "yes" && <span>Copied.</span>}
        {copied === "no" && <span>This browser does not allow copying here: select it and copy it by hand.</span>}
        {onDismiss && (
          <button type="button" onClick={onDismiss} className={BUTTON}>
            Done
          </button>
        )}
      </div>
    </div>
  );
}
