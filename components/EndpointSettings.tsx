"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { fetchJson, messageOf, postJson } from "@/components/api";
import { ErrorNote } from "@/components/ErrorNote";

const Endpoint = z.object({ id: z.string(), name: z.string(), baseUrl: z.string(), model: z.string(), maxConcurrency: z.number(), hasApiKey: z.boolean() });
const Endpoints = z.object({ items: z.array(Endpoint) });

/** Model endpoint profiles (curators): the list, and a form to add one. API keys go in, never come out. */
export function EndpointSettings() {
  const queryClient = useQueryClient();
  const endpoints = useQuery({ queryKey: ["endpoints"], queryFn: () => fetchJson("/api/endpoints", Endpoints) });
  const [error, setError] = useState<string | null>(null);
  const add = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setError(null);
    try {
      await postJson("/api/endpoints", {
        name: form.get("name"),
        baseUrl: form.get("baseUrl"),
        model: form.get("model"),
        ...(form.get("apiKey") ? { apiKey: form.get("apiKey") } : {}),
        maxConcurrency: Number(form.get("maxConcurrency") || 4),
      });
      formElement.reset();
      await queryClient.invalidateQueries({ queryKey: ["endpoints"] });
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  if (endpoints.error) {
    return <ErrorNote testId="endpoints-error">{endpoints.error.message}</ErrorNote>;
  }
  return (
    <div className="space-y-8">
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
        {endpoints.isPending ? <li className="p-3 text-slate-500">Loading…</li> : null}
        {endpoints.data?.items.length === 0 ? <li className="p-3 text-slate-600">No endpoint profiles yet.</li> : null}
        {endpoints.data?.items.map((endpoint) => (
          <li key={endpoint.id} data-testid="endpoint-row" className="flex justify-between gap-4 p-3">
            <span className="font-medium">{endpoint.name}</span>
            <span className="font-mono text-xs text-slate-600">
              {endpoint.baseUrl} · {endpoint.model} · {endpoint.maxConcurrency} at a time{endpoint.hasApiKey ? " · key set" : ""}
            </span>
          </li>
        ))}
      </ul>
      <form onSubmit={(event) => void add(event)} className="grid grid-cols-2 gap-3 text-sm">
        {[
          ["name", "Name", "text", "e.g. local-vllm"],
          ["baseUrl", "Base URL", "url", "http://localhost:8000/v1"],
          ["model", "Model", "text", "Qwen/Qwen2.5-Coder-7B-Instruct"],
          ["apiKey", "API key (optional)", "password", ""],
          ["maxConcurrency", "Requests at once", "number", "4"],
        ].map(([name, label, type, placeholder]) => (
          <label key={name} className="block space-y-1">
            <span className="font-medium">{label}</span>
            <input name={name} type={type} placeholder={placeholder} required={name !== "apiKey" && name !== "maxConcurrency"} className="w-full rounded-md border border-slate-300 px-3 py-2" />
          </label>
        ))}
        {error && (
          <ErrorNote testId="endpoint-form-error" className="col-span-2">
            {error}
          </ErrorNote>
        )}
        <button type="submit" className="col-span-2 rounded-md bg-slate-900 px-3 py-2 font-medium text-white">
          Add endpoint
        </button>
      </form>
    </div>
  );
}
