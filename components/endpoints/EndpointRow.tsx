"use client";

import { ScriptedLabel } from "@/components/demo/ScriptedLabel";
import { useState } from "react";
import { messageOf } from "@/components/api";
import { ErrorNote } from "@/components/ErrorNote";
import { ConnectionResult } from "@/components/endpoints/ConnectionResult";
import { EndpointForm } from "@/components/endpoints/EndpointForm";
import { useConnectionTest } from "@/components/endpoints/useConnectionTest";
import { useRemoveEndpoint, type EndpointProfile } from "@/components/data/endpoints";

/** The structured-output mode as set, and under AUTO what the probe found (or that it has not run). */
function structuredOutput(endpoint: EndpointProfile): string {
  if (endpoint.structuredOutput !== "auto") return endpoint.structuredOutput;
  return endpoint.structuredOutputDetected ? `auto → ${endpoint.structuredOutputDetected} (detected)` : "auto (not probed yet)";
}

const BUTTON = "rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50 disabled:text-slate-400";

/** One endpoint profile: what it calls, and (for curators) edit, test connection and remove, each answering in place. */
export function EndpointRow({ endpoint, manage }: { endpoint: EndpointProfile; manage: boolean }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const test = useConnectionTest();
  const remove = useRemoveEndpoint(endpoint.id);
  const removeNow = async () => {
    setError(null);
    try {
      await remove.mutateAsync();
    } catch (caught) {
      setError(messageOf(caught));
      setConfirming(false);
    }
  };
  return (
    <li data-testid="endpoint-row" data-name={endpoint.name} className="space-y-3 p-3">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
        <span className="space-y-1 font-medium">
          <span className="block">{endpoint.name}</span>
          {endpoint.scripted && <ScriptedLabel />}
        </span>
        <div className="min-w-0 space-y-0.5 break-words font-mono text-xs text-slate-600 sm:text-right">
          <div>
            {endpoint.baseUrl} · {endpoint.model} · {endpoint.maxConcurrency} at a time{endpoint.hasApiKey ? " · key set" : ""}
          </div>
          <div data-testid="endpoint-limits">
            max tokens {endpoint.maxTokens ?? "role default"} · max output {endpoint.maxOutputTokens ?? "default"} · structured output{" "}
            <span data-testid="endpoint-structured-output">{structuredOutput(endpoint)}</span>
          </div>
        </div>
      </div>
      {manage && !editing && (
        <div className="flex flex-wrap items-center gap-2">
          <button type="button" data-testid="endpoint-edit" onClick={() => setEditing(true)} className={BUTTON}>
            Edit
          </button>
          <button
            type="button"
            data-testid="endpoint-test"
            disabled={test.report === "testing"}
            onClick={() => void test.run(endpoint.id)}
            className={BUTTON}
          >
            {test.report === "testing" ? "Testing…" : "Test connection"}
          </button>
          {confirming ? (
            <span className="flex flex-wrap items-center gap-2 text-xs" data-testid="endpoint-remove-confirm">
              Remove {endpoint.name}?
              <button
                type="button"
                disabled={remove.isPending}
                onClick={() => void removeNow()}
                className="rounded-md bg-rose-700 px-2 py-1 font-medium text-white disabled:bg-rose-300"
              >
                Yes, remove
              </button>
              <button type="button" onClick={() => setConfirming(false)} className={BUTTON}>
                Keep it
              </button>
            </span>
          ) : (
            <button
              type="button"
              data-testid="endpoint-remove"
              onClick={() => setConfirming(true)}
              className="rounded-md border border-rose-300 px-2 py-1 text-xs text-rose-700 hover:bg-rose-50"
            >
              Remove
            </button>
          )}
        </div>
      )}
      {test.report && test.report !== "testing" && (
        <p className="text-xs" data-testid="endpoint-test-result" data-ok={String(test.report.ok)}>
          <ConnectionResult report={test.report} />
        </p>
      )}
      {error && <ErrorNote testId="endpoint-remove-error">{error}</ErrorNote>}
      {editing && (
        <EndpointForm
          profile={endpoint}
          onDone={() => {
            setEditing(false);
            test.clear();
          }}
        />
      )}
    </li>
  );
}
