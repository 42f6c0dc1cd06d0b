"use client";

import { useState, type FormEvent } from "react";
import { ApiError, messageOf } from "@/components/api";
import { ErrorNote } from "@/components/ErrorNote";
import { FormField } from "@/components/FormField";
import { useCreateEndpoint, useUpdateEndpoint, type EndpointProfile } from "@/components/data/endpoints";
import {
  EndpointProfileInput,
  STRUCTURED_OUTPUT_HINTS,
  STRUCTURED_OUTPUT_OPTIONS,
  type StructuredOutputOption,
} from "@/lib/endpoints/profile-input";

type Values = {
  name: string;
  baseUrl: string;
  model: string;
  apiKey: string;
  maxConcurrency: string;
  maxTokens: string;
  maxOutputTokens: string;
  structuredOutput: StructuredOutputOption;
};
type TextField = Exclude<keyof Values, "structuredOutput">;

const TEXT_FIELDS: { field: TextField; label: string; type: string; placeholder: string; help?: string }[] = [
  { field: "name", label: "Name", type: "text", placeholder: "e.g. local-vllm" },
  { field: "baseUrl", label: "Base URL", type: "url", placeholder: "http://localhost:8000/v1" },
  { field: "model", label: "Model", type: "text", placeholder: "Qwen/Qwen2.5-Coder-7B-Instruct" },
  { field: "apiKey", label: "API key (optional)", type: "password", placeholder: "" },
  { field: "maxConcurrency", label: "Requests at once", type: "number", placeholder: "4" },
  {
    field: "maxTokens",
    label: "Max tokens (optional)",
    type: "number",
    placeholder: "each role's default",
    help: "The answer limit of every role on this endpoint.",
  },
  {
    field: "maxOutputTokens",
    label: "Max output tokens (optional)",
    type: "number",
    placeholder: "the default ceiling",
    help: "The most an answer may hold: the retry after a truncated answer asks up to this.",
  },
];

const text = (value: number | null) => (value === null ? "" : String(value));
/** A number box as the schema will see it: blank is "not set", anything else a number (NaN if it is not one). */
const numberOf = (value: string) => (value.trim() === "" ? null : Number(value));

/**
 * A new endpoint profile, or changes to one (`profile` given): checked in the browser by the schema
 * the server validates with, each error beside its field. An edit sends only what changed; the API
 * key is never shown — a new one replaces it, and it can be removed.
 */
export function EndpointForm({ profile, onDone }: { profile?: EndpointProfile; onDone?: () => void }) {
  const editing = profile !== undefined;
  const initial: Values = profile
    ? {
        name: profile.name,
        baseUrl: profile.baseUrl,
        model: profile.model,
        apiKey: "",
        maxConcurrency: String(profile.maxConcurrency),
        maxTokens: text(profile.maxTokens),
        maxOutputTokens: text(profile.maxOutputTokens),
        structuredOutput: profile.structuredOutput,
      }
    : { name: "", baseUrl: "", model: "", apiKey: "", maxConcurrency: "", maxTokens: "", maxOutputTokens: "", structuredOutput: "auto" };
  const [values, setValues] = useState<Values>(initial);
  const [removeKey, setRemoveKey] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<keyof Values, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const create = useCreateEndpoint();
  const update = useUpdateEndpoint(profile?.id ?? "");
  const busy = create.isPending || update.isPending;
  const prefix = editing ? "endpoint-edit" : "endpoint";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const input = {
      name: values.name,
      baseUrl: values.baseUrl,
      model: values.model,
      ...(values.apiKey ? { apiKey: values.apiKey } : {}),
      maxConcurrency: editing || values.maxConcurrency.trim() ? Number(values.maxConcurrency) : undefined,
      maxTokens: numberOf(values.maxTokens),
      maxOutputTokens: numberOf(values.maxOutputTokens),
      structuredOutput: values.structuredOutput,
    };
    // The whole form against the rules of a new profile (the limits checked together), whatever is sent.
    const parsed = EndpointProfileInput.safeParse(input);
    if (!parsed.success) return setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message])));
    setErrors({});
    try {
      if (!profile) {
        await create.mutateAsync(input);
        setValues(initial);
      } else {
        const before: Record<string, unknown> = { ...profile, apiKey: undefined };
        const change = Object.fromEntries(Object.entries(input).filter(([key, value]) => before[key] !== value));
        if (removeKey && !values.apiKey) change.apiKey = null;
        if (Object.keys(change).length) await update.mutateAsync(change);
      }
      onDone?.();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "CONFLICT") setErrors({ name: caught.message });
      else setError(messageOf(caught));
    }
  };

  const set = (field: keyof Values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));
  return (
    <form
      onSubmit={(event) => void submit(event)}
      className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2"
      data-testid={`${prefix}-form`}
      noValidate
    >
      {TEXT_FIELDS.map(({ field, label, type, placeholder, help }) => (
        <FormField
          key={field}
          label={
            editing && field === "apiKey" ? (profile.hasApiKey ? "New API key (blank: keep the one set)" : "API key (optional)") : label
          }
          help={help}
          error={errors[field]}
          errorTestId={`endpoint-field-error-${field}`}
        >
          <input
            name={field}
            type={type}
            value={values[field]}
            onChange={set(field)}
            placeholder={placeholder}
            aria-invalid={errors[field] ? true : undefined}
            data-testid={`${prefix}-${field}`}
            required={field === "name" || field === "baseUrl" || field === "model"}
            className="w-full rounded-md border border-slate-300 px-3 py-2"
          />
        </FormField>
      ))}
      <FormField label="Structured output" error={errors.structuredOutput} errorTestId="endpoint-field-error-structuredOutput">
        <select
          name="structuredOutput"
          value={values.structuredOutput}
          onChange={set("structuredOutput")}
          data-testid={`${prefix}-structuredOutput`}
          className="w-full rounded-md border border-slate-300 px-3 py-2"
        >
          {STRUCTURED_OUTPUT_OPTIONS.map((option) => (
            <option key={option} value={option} title={STRUCTURED_OUTPUT_HINTS[option]}>
              {option}
            </option>
          ))}
        </select>
        <span className="block text-xs text-slate-500" data-testid={`${prefix}-structuredOutput-hint`}>
          {STRUCTURED_OUTPUT_HINTS[values.structuredOutput]}
        </span>
      </FormField>
      {editing && profile.hasApiKey && (
        <label className="flex items-center gap-2 sm:col-span-2">
          <input
            type="checkbox"
            checked={removeKey}
            onChange={(event) => setRemoveKey(event.target.checked)}
            data-testid="endpoint-edit-remove-key"
          />
          Remove the API key
        </label>
      )}
      {error && (
        <ErrorNote testId={`${prefix}-form-error`} className="sm:col-span-2">
          {error}
        </ErrorNote>
      )}
      <div className="flex gap-2 sm:col-span-2">
        <button
          type="submit"
          disabled={busy}
          data-testid={`${prefix}-save`}
          className="flex-1 rounded-md bg-slate-900 px-3 py-2 font-medium text-white disabled:bg-slate-400"
        >
          {editing ? "Save changes" : "Add endpoint"}
        </button>
        {editing && (
          <button type="button" onClick={onDone} className="rounded-md border border-slate-300 px-3 py-2">
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
