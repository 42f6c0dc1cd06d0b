import { ProjectSettingsScreen } from "@/components/projects/ProjectSettingsScreen";
import { PageShell } from "@/components/PageShell";
import { projectCrumbs } from "@/components/nav/crumbs";

export default async function ProjectSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <PageShell width="settings" project={slug} crumbs={projectCrumbs(slug, { label: "Settings" })}>
      <ProjectSettingsScreen slug={slug} />
    </PageShell>
  );
}
