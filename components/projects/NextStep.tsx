"use client";

import { EmptyState } from "@/components/EmptyState";
import { useVersions } from "@/components/data/datasets";
import { useProjectConfig } from "@/components/data/projects";
import { usePermission } from "@/components/data/session";
import type { Permission } from "@/lib/auth/permissions";
import type { Dashboard } from "@/lib/projects/dashboard-types";

interface Step {
  id: string;
  text: string;
  action: string;
  href: string;
  permission: Permission;
}

/**
 * The one thing a project needs next, in the order the work goes: snippets, endpoints bound, a run,
 * then reviewed items cut into a version. Someone whose role cannot take the step is told who can.
 */
export function NextStep({ slug, dashboard }: { slug: string; dashboard: Dashboard }) {
  const config = useProjectConfig(slug);
  const versions = useVersions(slug);
  const settings = `/projects/${slug}/settings`;
  const snippets = dashboard.languages.reduce((sum, l) => sum + l.snippets, 0);
  const steps: (Step | false)[] = [
    snippets === 0 && {
      id: "snippets",
      text: "No snippets yet: upload code (files, a zip or JSONL) to start from.",
      action: "Upload snippets",
      href: `${settings}#snippets`,
      permission: "snippets:import",
    },
    config.isSuccess &&
      Object.values(config.data.bindings).filter(Boolean).length === 0 && {
        id: "endpoints",
        text: "No model endpoint is bound: the project's LLM roles need one before a run.",
        action: "Bind endpoints",
        href: `${settings}#roles`,
        permission: "project:configure",
      },
    dashboard.runs.length === 0 && {
      id: "runs",
      text: "No runs yet: a run turns the snippets into seed pairs, agents and discussions.",
      action: "Start a run",
      href: `${settings}#runs`,
      permission: "run:manage",
    },
    versions.isSuccess &&
      versions.data.versions.length === 0 && {
        id: "versions",
        text: "No dataset version yet: review the candidates, then cut a version of the accepted ones.",
        action: "Review candidates",
        href: `/projects/${slug}/review`,
        permission: "review:decide",
      },
  ];
  const step = steps.find((s): s is Step => Boolean(s));
  const permission = usePermission(step ? step.permission : "project:read", dashboard.project.id);
  if (!step || !permission.known) return null;
  return (
    <EmptyState
      testId={`next-step-${step.id}`}
      href={permission.allowed ? step.href : undefined}
      action={permission.allowed ? step.action : undefined}
    >
      {step.text}
      {!permission.allowed && ` (${step.action.toLowerCase()} needs the ${permission.needed} role.)`}
    </EmptyState>
  );
}
