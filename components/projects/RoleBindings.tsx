"use client";

import Link from "next/link";
import { useState } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { messageOf } from "@/components/api";
import { SCRIPTED_LABEL } from "@/lib/demo/demo-types";
import { testEndpoint, useEndpoints, type ConnectionReport as Report } from "@/components/data/endpoints";
import { useSaveBindings } from "@/components/data/projects";
import { LLM_ROLES, type LlmRoleName } from "@/lib/model-roles";
import type { ProjectConfig } from "@/lib/projects/config-types";

const ROLE_LABEL: Record<LlmRoleName, string> = {
  instruction_generator: "Instruction generator",
  response_generator: "Response generator",
  agent: "Agents",
  scorer: "Scorer",
  test_writer: "Test writer",
};

function TestResult({ report }: { report: Report }) {
  if (!report.ok) {
    return (
      <span className="text-rose-700">
        ✖ {report.step === "list-models" ? "listing models" : "a test request"} failed ({report.kind}): {report.error}
      </span>
    );
  }
  return (
    <span className="text-emerald-700">
      ✔ {report.latencyMs} ms{report.timeToFirstTokenMs !== null ? ` (first token ${report.timeToFirstTokenMs} ms)` : ""}
      {report.modelListed ? "" : ` · the model is not among those listed: ${report.models.slice(0, 5).join(", ")}`}
    </span>
  );
}

/** Which endpoint profile each LLM role calls, with a connection test per binding. */
export function RoleBindings({ config }: { config: ProjectConfig }) {
  const endpoints = useEndpoints();
  const saveBindings = useSaveBindings(config.slug);
  const [bindings, setBindings] = useState<Partial<Record<LlmRoleName, string>>>(config.bindings);
  const [reports, setReports] = useState<Partial<Record<LlmRoleName, Report | "testing">>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const test = async (role: LlmRoleName) => {
    const id = bindings[role];
    if (!id) return;
    setReports((current) => ({ ...current, [role]: "testing" }));
    try {
      const report = await testEndpoint(id);
      setReports((current) => ({ ...current, [role]: report }));
    } catch (caught) {
      setReports((current) => ({ ...current, [role]: { ok: false, step: "request", kind: "Studio", error: messageOf(caught) } }));
    }
  };
  const save = async () => {
    setError(null);
    setMessage(null);
    try {
      await saveBindings.mutateAsync(bindings);
      setMessage("Saved.");
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  if (endpoints.error) return <ErrorNote testId="bindings-error">{endpoints.error.message}</ErrorNote>;
  const profiles = endpoints.data?.items ?? [];
  return (
    <div className="space-y-3 text-sm" data-testid="role-bindings">
      {endpoints.isSuccess && profiles.length === 0 && (
        <p className="text-slate-600">
          No endpoint profiles yet:{" "}
          <Link href="/settings/endpoints" className="text-brand hover:underline">
            add one
          </Link>
          .
        </p>
      )}
      <table className="w-full">
        <tbody className="divide-y divide-slate-100">
          {LLM_ROLES.map((role) => {
            const report = reports[role];
            return (
              <tr key={role} data-testid="binding-row" data-role={role}>
                <td className="py-2 pr-3 font-medium">{ROLE_LABEL[role]}</td>
                <td className="py-2 pr-3">
                  <select
                    data-testid={`binding-select-${role}`}
                    value={bindings[role] ?? ""}
                    onChange={(event) => {
                      setBindings((current) => ({ ...current, [role]: event.target.value || undefined }));
                      setReports((current) => ({ ...current, [role]: undefined }));
                    }}
                    className="w-full rounded-md border border-slate-300 px-2 py-1"
                  >
                    <option value="">— none —</option>
                    {profiles.map((profile) => (
                      <option key={profile.id} value={profile.id}>
                        {profile.name} ({profile.model}){profile.scripted ? ` — ${SCRIPTED_LABEL}` : ""}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="py-2 pr-3">
                  <button
                    type="button"
                    data-testid={`binding-test-${role}`}
                    disabled={!bindings[role] || report === "testing"}
                    onClick={() => void test(role)}
                    className="rounded-md border border-slate-300 px-2 py-1 hover:bg-slate-50 disabled:text-slate-400"
                  >
                    {report === "testing" ? "Testing…" : "Test connection"}
                  </button>
                </td>
                <td
                  className="py-2"
                  data-testid={`binding-test-result-${role}`}
                  data-ok={report && report !== "testing" ? String(report.ok) : undefined}
                >
                  {report && report !== "testing" ? <TestResult report={report} /> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {error && <ErrorNote testId="bindings-error">{error}</ErrorNote>}
      <div className="flex items-center gap-3">
        <button
          type="button"
          data-testid="bindings-save"
          onClick={() => void save()}
          className="rounded-md bg-slate-900 px-3 py-2 font-medium text-white"
        >
          Save bindings
        </button>
        {message && (
          <span data-testid="bindings-message" className="text-emerald-700">
            {message}
          </span>
        )}
      </div>
    </div>
  );
}
