import { HealthPanel } from "@/components/HealthPanel";
import { ProjectList } from "@/components/ProjectList";

export default function HomePage() {
  return (
    <main className="mx-auto max-w-5xl space-y-10 px-6 py-10">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Rosetta</h1>
        <p className="text-sm text-slate-600">
          Language-specific LLM agents with memory discuss and synthesize code instruction data across languages; you review it and cut
          dataset versions.
        </p>
      </header>
      <HealthPanel />
      <ProjectList />
    </main>
  );
}
