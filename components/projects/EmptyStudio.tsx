"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { messageOf } from "@/components/api";
import { useStartDemo } from "@/components/data/demo";
import { usePermission } from "@/components/data/session";
import { ErrorNote } from "@/components/ErrorNote";

/** The home page with no project yet: what a project is, and a demo to watch before making one. */
export function EmptyStudio() {
  const router = useRouter();
  const create = usePermission("project:create");
  const demo = useStartDemo();
  const start = async () => {
    const started = await demo.mutateAsync();
    router.push(`/projects/${started.slug}`);
  };
  return (
    <div
      data-testid="projects-empty"
      className="space-y-4 rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600"
    >
      <p>No projects yet. A project is a synthesis campaign: its languages, snippets, agents and datasets.</p>
      {create.known &&
        (create.allowed ? (
          <div className="space-y-2">
            <button
              type="button"
              data-testid="demo-start"
              disabled={demo.isPending || demo.isSuccess}
              onClick={() => void start().catch(() => undefined)}
              className="rounded-md bg-brand px-4 py-2 font-medium text-white hover:opacity-90 disabled:opacity-60"
            >
              {demo.isPending || demo.isSuccess ? "Starting the demo…" : "Try a demo project"}
            </button>
            <p className="text-xs text-slate-500">
              24 small problems in Python, JavaScript, Go and Java, discussed by agents on the built-in scripted model (no language model
              inside). Or{" "}
              <Link href="/projects/new" className="text-brand hover:underline">
                create your own project
              </Link>
              .
            </p>
          </div>
        ) : (
          <p className="text-slate-500" data-testid="needs-role">
            Creating a project, or the demo, needs the {create.needed} role: an admin can give it to you.
          </p>
        ))}
      {demo.error && <ErrorNote testId="demo-error">{messageOf(demo.error)}</ErrorNote>}
    </div>
  );
}
