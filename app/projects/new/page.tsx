import { ProjectCreateForm } from "@/components/projects/ProjectCreateForm";
import { SessionBar } from "@/components/SessionBar";

export default function NewProjectPage() {
  return (
    <main className="mx-auto max-w-3xl space-y-6 px-6 py-10">
      <header className="flex items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">New project</h1>
        <SessionBar />
      </header>
      <ProjectCreateForm />
    </main>
  );
}
