import { ProjectSettingsScreen } from "@/components/projects/ProjectSettingsScreen";
import { PageShell } from "@/components/PageShell";

export default async function ProjectSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <PageShell width="settings">
      <ProjectSettingsScreen slug={slug} />
    </PageShell>
  );
}
