"use client";

import Link from "next/link";
import { useState } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { AllRolesBinding } from "@/components/projects/AllRolesBinding";
import { ConnectionResult } from "@/components/endpoints/ConnectionResult";
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
  policy: "Policy (model being trained)",
};

/** Roles whose purpose is not obvious from the name: one line under the label. */
const ROLE_NOTE: Partial<Record<LlmRoleName, string>> = {
  policy:
    "The model you are training (e.g. your SFT checkpoint on vLLM): the DPO stage samples its answers. Optional; unbound, DPO samples from the response generator.",
};

/** Which endpoint profile each LLM role calls (one for all of them in one step), with a connection test per binding. */
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
  const save = async (next = bindings) => {
    setError(null);
    setMessage(null);
    try {
      await saveBindings.mutateAsync(next);
      setBindings(next);
      setMessage("Saved.");
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  // Every role at once: one request, so one audit event, as a person would describe it.
  const bindAll = (id: string) => {
    setReports({});
    return save(Object.fromEntries(LLM_ROLES.map((role) => [role, id])));
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
      {profiles.length > 0 && <AllRolesBinding profiles={profiles} busy={saveBindings.isPending} onBind={bindAll} />}
      <div className="overflow-x-auto">
        <table className="w-full">
          <tbody className="divide-y divide-slate-100">
            {LLM_ROLES.map((role) => {
              const report = reports[role];
              return (
                <tr key={role} data-testid="binding-row" data-role={role}>
                  <td className="py-2 pr-3 font-medium">
                    {ROLE_LABEL[role]}
                    {ROLE_NOTE[role] && (
                      <span className="block max-w-xs text-xs font-normal text-slate-500" data-testid={`binding-note-${role}`}>
                        {ROLE_NOTE[role]}
                      </span>
                    )}
                  </td>
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
                    {report && report !== "testing" ? <ConnectionResult report={report} /> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {error && <ErrorNote testId="bindings-error">{error}</ErrorNote>}
      <div className="flex items-center gap-3">
        <button
          type="button"
          data-testid="bindings-save"
          onClick={() => void save()}
          disabled={saveBindings.isPending}
          className="rounded-md bg-slate-900 px-3 py-2 font-medium text-white disabled:bg-slate-400"
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
