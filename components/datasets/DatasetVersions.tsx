"use client";

import Link from "next/link";
import { ErrorNote } from "@/components/ErrorNote";
import { CutVersionForm } from "@/components/datasets/CutVersionForm";
import { VersionRow } from "@/components/datasets/VersionRow";
import { useDashboard } from "@/components/data/dashboard";
import { useVersions } from "@/components/data/datasets";
import { projectRole, useMe } from "@/components/data/session";
import { can } from "@/lib/auth/permissions";

/** The project's dataset versions; curators (and admins) also get the form to cut one. */
export function DatasetVersions({ slug }: { slug: string }) {
  const me = useMe();
  const versions = useVersions(slug);
  // The dashboard names the project's id (roles are per project id) and the languages it holds.
  const project = useDashboard(slug);
  const projectId = project.data?.project.id;
  const canCut = can(projectRole(me.data, projectId), "dataset:version");
  const error = versions.error ?? project.error;
  return (
    <div className="space-y-6">
      <div className="flex items-baseline justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">Datasets · {project.data?.project.name ?? slug}</h1>
        <Link href={`/projects/${slug}`} className="text-sm text-brand hover:underline">
          ← Dashboard
        </Link>
      </div>
      {error && <ErrorNote testId="datasets-error">{error.message}</ErrorNote>}
      {canCut && project.data && <CutVersionForm slug={slug} languages={project.data.languages.map((l) => l.language)} />}
      <section className="space-y-2">
        <h2 className="font-medium">Versions</h2>
        {!versions.data && !versions.error && <p className="text-sm text-slate-500">Loading…</p>}
        {versions.data && (
          <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white" data-testid="version-list">
            {versions.data.versions.map((version) => (
              <VersionRow key={version.id} slug={slug} version={version} />
            ))}
            {versions.data.versions.length === 0 && (
              <li className="px-4 py-3 text-sm text-slate-600">
                No versions yet{canCut ? ": cut one from the accepted items above." : "; a curator cuts them from the accepted items."}
              </li>
            )}
          </ul>
        )}
      </section>
    </div>
  );
}
