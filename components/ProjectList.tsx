"use client";

import Link from "next/link";
import { DataTable, type Column } from "@/components/DataTable";
import { useProjects } from "@/components/data/projects";
import { usePermission } from "@/components/data/session";
import { NeedsRole } from "@/components/NeedsRole";
import { EmptyStudio } from "@/components/projects/EmptyStudio";
import type { ProjectPage } from "@/lib/projects/types";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

const COLUMNS: Column<ProjectPage["items"][number]>[] = [
  {
    header: "Name",
    cell: (project) => (
      <>
        <Link href={`/projects/${project.slug}`} className="font-medium hover:underline">
          {project.name}
        </Link>
        <div className="font-mono text-xs text-slate-500">{project.slug}</div>
      </>
    ),
  },
  { header: "Languages", cellClassName: "text-slate-600", cell: (project) => project.languages.join(", ") || "—" },
  { header: "Snippets", align: "right", cellClassName: "tabular-nums", cell: (project) => project.snippetCount.toLocaleString() },
  { header: "Created", align: "right", cellClassName: "text-slate-600", cell: (project) => dateFormat.format(new Date(project.createdAt)) },
];

export function ProjectList() {
  const projects = useProjects();
  const create = usePermission("project:create");
  const items = projects.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="projects-heading" className="space-y-3">
      <div className="flex items-center justify-between">
        <h2 id="projects-heading" className="text-lg font-medium">
          Projects
        </h2>
        {create.allowed ? (
          <Link href="/projects/new" data-testid="project-new-link" className="text-sm text-brand hover:underline">
            New project
          </Link>
        ) : (
          create.known && <NeedsRole role={create.needed} action="A new project" studio />
        )}
      </div>
      {projects.error ? (
        <p data-testid="projects-error" className="rounded-md border border-rose-200 bg-rose-50 p-3 text-sm text-rose-800">
          Cannot load projects: {projects.error.message}
        </p>
      ) : projects.isPending ? (
        <p className="text-sm text-slate-500">Loading projects…</p>
      ) : items.length === 0 ? (
        <EmptyStudio />
      ) : (
        <DataTable
          variant="card"
          columns={COLUMNS}
          rows={items}
          rowKey={(project) => project.id}
          rowAttributes={() => ({ "data-testid": "project-row" })}
          footer={
            projects.hasNextPage && (
              <button
                type="button"
                onClick={() => void projects.fetchNextPage()}
                disabled={projects.isFetchingNextPage}
                className="w-full border-t border-slate-100 py-2 text-sm text-brand hover:bg-slate-50 disabled:text-slate-400"
              >
                {projects.isFetchingNextPage ? "Loading…" : "Show more"}
              </button>
            )
          }
        />
      )}
    </section>
  );
}
