import { ProjectDashboard } from "@/components/ProjectDashboard";
import { SessionBar } from "@/components/SessionBar";

export default async function ProjectPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <main className="mx-auto max-w-6xl space-y-6 px-6 py-10">
      <header className="flex justify-end">
        <SessionBar />
      </header>
      <ProjectDashboard slug={slug} />
    </main>
  );
}
