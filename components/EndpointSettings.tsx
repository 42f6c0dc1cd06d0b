"use client";

import { ErrorNote } from "@/components/ErrorNote";
import { NeedsRole } from "@/components/NeedsRole";
import { EndpointForm } from "@/components/endpoints/EndpointForm";
import { EndpointRow } from "@/components/endpoints/EndpointRow";
import { useEndpoints } from "@/components/data/endpoints";
import { usePermission } from "@/components/data/session";

/** Model endpoint profiles (curators): the list, each editable, testable and removable, and a form to add one. API keys go in, never come out. */
export function EndpointSettings() {
  const endpoints = useEndpoints();
  const manage = usePermission("endpoint:manage");
  if (endpoints.error) {
    return <ErrorNote testId="endpoints-error">{endpoints.error.message}</ErrorNote>;
  }
  return (
    <div className="space-y-8">
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
        {endpoints.isPending ? <li className="p-3 text-slate-500">Loading…</li> : null}
        {endpoints.data?.items.length === 0 ? (
          <li className="p-3 text-slate-600" data-testid="endpoints-empty">
            No endpoint profiles yet: add one below (any OpenAI-compatible server: vLLM, SGLang, Ollama, llama.cpp, LM Studio, OpenAI), then
            bind it to a project&apos;s model roles in its settings.
          </li>
        ) : null}
        {endpoints.data?.items.map((endpoint) => (
          <EndpointRow key={endpoint.id} endpoint={endpoint} manage={manage.allowed} />
        ))}
      </ul>
      {manage.allowed ? (
        <section aria-labelledby="endpoint-add-heading" className="space-y-3">
          <h2 id="endpoint-add-heading" className="font-medium">
            Add an endpoint
          </h2>
          <EndpointForm />
        </section>
      ) : (
        manage.known && <NeedsRole role={manage.needed} action="Adding an endpoint" studio />
      )}
    </div>
  );
}
