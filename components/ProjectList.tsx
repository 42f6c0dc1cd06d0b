"use client";

import Link from "next/link";
import { useProjects } from "@/components/data/projects";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function ProjectList() {
  const projects = useProjects();
  const items = projects.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="projects-heading" className="space-y-3">
      <div className="flex items-center justify-between">
        <h2 id="projects-heading" className="text-lg font-medium">
          Projects
        </h2>
        <Link href="/projects/new" data-testid="project-new-link" className="text-sm text-brand hover:underline">
          New project
        </Link>
      </div>
      {projects.error ? (
        <p data-testid="projects-error" className="rounded-md border border-rose-200 bg-rose-50 p-3 text-sm text-rose-800">
          Cannot load projects: {projects.error.message}
        </p>
      ) : projects.isPending ? (
        <p className="text-sm text-slate-500">Loading projects…</p>
      ) : items.length === 0 ? (
        <p data-testid="projects-empty" className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
          No projects yet. A project is a synthesis campaign: its languages, snippets, agents and datasets.
        </p>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2 font-medium">Name</th>
                <th className="px-4 py-2 font-medium">Languages</th>
                <th className="px-4 py-2 text-right font-medium">Snippets</th>
                <th className="px-4 py-2 text-right font-medium">Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((project) => (
                <tr key={project.id} data-testid="project-row">
                  <td className="px-4 py-2">
                    <Link href={`/projects/${project.slug}`} className="font-medium hover:underline">
                      {project.name}
                    </Link>
                    <div className="font-mono text-xs text-slate-500">{project.slug}</div>
                  </td>
                  <td className="px-4 py-2 text-slate-600">{project.languages.join(", ") || "—"}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{project.snippetCount.toLocaleString()}</td>
                  <td className="px-4 py-2 text-right text-slate-600">{dateFormat.format(new Date(project.createdAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {projects.hasNextPage && (
            <button
              type="button"
              onClick={() => void projects.fetchNextPage()}
              disabled={projects.isFetchingNextPage}
              className="w-full border-t border-slate-100 py-2 text-sm text-brand hover:bg-slate-50 disabled:text-slate-400"
            >
              {projects.isFetchingNextPage ? "Loading…" : "Show more"}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
