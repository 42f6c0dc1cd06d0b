"use client";

import type { ReactNode } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { BenchmarkFiles } from "@/components/projects/BenchmarkFiles";
import { NeedsRole } from "@/components/NeedsRole";
import { GeneralSettings } from "@/components/projects/GeneralSettings";
import { MembersSection } from "@/components/projects/MembersSection";
import { ProtocolSettings } from "@/components/projects/ProtocolSettings";
import { ReviewSettings } from "@/components/projects/ReviewSettings";
import { useProjectConfig } from "@/components/data/projects";
import { usePermission, type PermissionState } from "@/components/data/session";
import { RoleBindings } from "@/components/projects/RoleBindings";
import { RunControls } from "@/components/projects/RunControls";
import { SnippetUpload } from "@/components/projects/SnippetUpload";

/**
 * A settings section. Without the role its forms need (`gate`), what can be read stays on screen with
 * every control disabled (a disabled fieldset), and the section says which role would change it.
 */
function Section({
  id,
  title,
  gate,
  action,
  children,
}: {
  id: string;
  title: string;
  gate?: PermissionState;
  action?: string;
  children: ReactNode;
}) {
  const locked = gate !== undefined && !gate.allowed;
  return (
    <section
      id={id}
      aria-labelledby={`${id}-heading`}
      className="min-w-0 space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
    >
      <h2 id={`${id}-heading`} className="text-lg font-medium">
        {title}
      </h2>
      {locked && gate.known && <NeedsRole role={gate.needed} action={action} />}
      <fieldset disabled={locked} className="min-w-0">
        {children}
      </fieldset>
    </section>
  );
}

/** A project's configuration, its snippets and its runs: the projects screen. */
export function ProjectSettingsScreen({ slug }: { slug: string }) {
  const config = useProjectConfig(slug);
  const projectId = config.data?.id;
  const runs = usePermission("run:manage", projectId);
  const upload = usePermission("snippets:import", projectId);
  const configure = usePermission("project:configure", projectId);
  if (config.error) return <ErrorNote testId="project-settings-error">{config.error.message}</ErrorNote>;
  if (!config.data) return <p className="text-sm text-slate-500">Loading…</p>;
  // Each form starts from the values loaded first and then keeps its own edits (a refetch, e.g. after an upload, must not wipe them).
  const key = config.data.id;
  return (
    <div className="space-y-6" data-testid="project-settings">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">{config.data.name}</h1>
        <span className="font-mono text-sm text-slate-500">{config.data.slug}</span>
        <span className="text-sm text-slate-600" data-testid="project-snippet-count">
          {config.data.snippetCount.toLocaleString()} snippets
        </span>
      </div>
      <Section id="runs" title="Runs" gate={runs} action="Starting or stopping a run">
        <RunControls slug={slug} />
      </Section>
      <Section id="snippets" title="Snippets" gate={upload} action="Uploading snippets">
        <SnippetUpload slug={slug} />
      </Section>
      <Section id="roles" title="Model roles">
        {/* The endpoint list behind the bindings is the curators': nobody else is even asked for it. */}
        {configure.allowed ? (
          <RoleBindings key={key} config={config.data} />
        ) : (
          configure.known && <NeedsRole role={configure.needed} action="Binding model endpoints" />
        )}
      </Section>
      <Section id="general" title="Name and languages" gate={configure} action="Changing the project">
        <GeneralSettings key={key} config={config.data} />
      </Section>
      <Section id="protocol" title="Protocol" gate={configure} action="Changing the protocol">
        <ProtocolSettings key={key} config={config.data} />
      </Section>
      <Section id="review" title="Review" gate={configure} action="Changing the review settings">
        <ReviewSettings key={key} config={config.data} />
      </Section>
      <Section id="benchmarks" title="Benchmarks" gate={configure} action="Adding or removing benchmark files">
        <BenchmarkFiles slug={slug} mayChange={configure.allowed} />
      </Section>
      <Section id="members" title="Members">
        <MembersSection slug={slug} />
      </Section>
    </div>
  );
}
