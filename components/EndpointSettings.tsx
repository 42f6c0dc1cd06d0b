"use client";

import { useState } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { ScriptedLabel } from "@/components/demo/ScriptedLabel";
import { EndpointForm } from "@/components/endpoints/EndpointForm";
import { useEndpoints, type EndpointProfile } from "@/components/data/endpoints";

/** The structured-output mode as set, and under AUTO what the probe found (or that it has not run). */
function structuredOutput(endpoint: EndpointProfile): string {
  if (endpoint.structuredOutput !== "auto") return endpoint.structuredOutput;
  return endpoint.structuredOutputDetected ? `auto → ${endpoint.structuredOutputDetected} (detected)` : "auto (not probed yet)";
}

function EndpointRow({ endpoint }: { endpoint: EndpointProfile }) {
  const [editing, setEditing] = useState(false);
  return (
    <li data-testid="endpoint-row" data-name={endpoint.name} className="space-y-3 p-3">
      <div className="flex items-start justify-between gap-4">
        <span className="space-y-1 font-medium">
          <span className="block">{endpoint.name}</span>
          {endpoint.scripted && <ScriptedLabel />}
        </span>
        <div className="space-y-0.5 text-right font-mono text-xs text-slate-600">
          <div>
            {endpoint.baseUrl} · {endpoint.model} · {endpoint.maxConcurrency} at a time{endpoint.hasApiKey ? " · key set" : ""}
          </div>
          <div data-testid="endpoint-limits">
            max tokens {endpoint.maxTokens ?? "role default"} · max output {endpoint.maxOutputTokens ?? "default"} · structured output{" "}
            <span data-testid="endpoint-structured-output">{structuredOutput(endpoint)}</span>
          </div>
        </div>
        {!editing && (
          <button
            type="button"
            data-testid="endpoint-edit"
            onClick={() => setEditing(true)}
            className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50"
          >
            Edit
          </button>
        )}
      </div>
      {editing && <EndpointForm profile={endpoint} onDone={() => setEditing(false)} />}
    </li>
  );
}

/** Model endpoint profiles (curators): the list, each editable, and a form to add one. API keys go in, never come out. */
export function EndpointSettings() {
  const endpoints = useEndpoints();
  if (endpoints.error) {
    return <ErrorNote testId="endpoints-error">{endpoints.error.message}</ErrorNote>;
  }
  return (
    <div className="space-y-8">
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
        {endpoints.isPending ? <li className="p-3 text-slate-500">Loading…</li> : null}
        {endpoints.data?.items.length === 0 ? <li className="p-3 text-slate-600">No endpoint profiles yet.</li> : null}
        {endpoints.data?.items.map((endpoint) => (
          <EndpointRow key={endpoint.id} endpoint={endpoint} />
        ))}
      </ul>
      <EndpointForm />
    </div>
  );
}
