import { ProjectDashboard } from "@/components/ProjectDashboard";
import { PageShell } from "@/components/PageShell";

export default async function ProjectPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <PageShell>
      <ProjectDashboard slug={slug} />
    </PageShell>
  );
}
