import { SCRIPTED_LABEL } from "@/lib/demo/demo-types";

/** Beside anything that runs on the built-in scripted model server, so nobody takes its answers for a model's. */
export function ScriptedLabel() {
  return (
    <span data-testid="scripted-label" className="inline-block rounded-md bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">
      {SCRIPTED_LABEL}
    </span>
  );
}
