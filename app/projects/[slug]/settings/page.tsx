import { ProjectSettingsScreen } from "@/components/projects/ProjectSettingsScreen";
import { SessionBar } from "@/components/SessionBar";

export default async function ProjectSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <main className="mx-auto max-w-5xl space-y-6 px-6 py-10">
      <header className="flex justify-end">
        <SessionBar />
      </header>
      <ProjectSettingsScreen slug={slug} />
    </main>
  );
}
