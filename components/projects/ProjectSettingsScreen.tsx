"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { GeneralSettings } from "@/components/projects/GeneralSettings";
import { MembersSection } from "@/components/projects/MembersSection";
import { ProtocolSettings } from "@/components/projects/ProtocolSettings";
import { useProjectConfig } from "@/components/data/projects";
import { RoleBindings } from "@/components/projects/RoleBindings";
import { RunControls } from "@/components/projects/RunControls";
import { SnippetUpload } from "@/components/projects/SnippetUpload";

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id={`${id}-heading`} className="text-lg font-medium">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A project's configuration, its snippets and its runs: the projects screen. */
export function ProjectSettingsScreen({ slug }: { slug: string }) {
  const config = useProjectConfig(slug);
  if (config.error) return <ErrorNote testId="project-settings-error">{config.error.message}</ErrorNote>;
  if (!config.data) return <p className="text-sm text-slate-500">Loading…</p>;
  // Each form starts from the values loaded first and then keeps its own edits (a refetch, e.g. after an upload, must not wipe them).
  const key = config.data.id;
  return (
    <div className="space-y-6" data-testid="project-settings">
      <div className="flex items-baseline gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">{config.data.name}</h1>
        <span className="font-mono text-sm text-slate-500">{config.data.slug}</span>
        <span className="text-sm text-slate-600" data-testid="project-snippet-count">
          {config.data.snippetCount.toLocaleString()} snippets
        </span>
        <Link href={`/projects/${slug}`} className="ml-auto text-sm text-brand hover:underline">
          Dashboard →
        </Link>
      </div>
      <Section id="runs" title="Runs">
        <RunControls slug={slug} />
      </Section>
      <Section id="snippets" title="Snippets">
        <SnippetUpload slug={slug} />
      </Section>
      <Section id="roles" title="Model roles">
        <RoleBindings key={key} config={config.data} />
      </Section>
      <Section id="general" title="Name and languages">
        <GeneralSettings key={key} config={config.data} />
      </Section>
      <Section id="protocol" title="Protocol">
        <ProtocolSettings key={key} config={config.data} />
      </Section>
      <Section id="members" title="Members">
        <MembersSection slug={slug} />
      </Section>
    </div>
  );
}
