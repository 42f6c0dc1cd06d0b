import { MemoryTimeline } from "@/components/agents/MemoryTimeline";
import { PageShell } from "@/components/PageShell";
import { projectCrumbs } from "@/components/nav/crumbs";

export default async function AgentPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  return (
    <PageShell
      title="Agent memory"
      project={slug}
      crumbs={projectCrumbs(slug, { label: "Discussions", href: `/projects/${slug}/discussions` }, { label: "Agent memory" })}
    >
      <MemoryTimeline id={id} />
    </PageShell>
  );
}
