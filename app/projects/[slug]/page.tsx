import { ProjectDashboard } from "@/components/ProjectDashboard";
import { PageShell } from "@/components/PageShell";
import { projectCrumbs } from "@/components/nav/crumbs";

export default async function ProjectPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <PageShell project={slug} crumbs={projectCrumbs(slug, { label: "Dashboard" })}>
      <ProjectDashboard slug={slug} />
    </PageShell>
  );
}
