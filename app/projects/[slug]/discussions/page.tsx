import { DiscussionList } from "@/components/discussion/DiscussionList";
import { PageShell } from "@/components/PageShell";
import { projectCrumbs } from "@/components/nav/crumbs";

export default async function DiscussionsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <PageShell width="wide" title="Discussions" project={slug} crumbs={projectCrumbs(slug, { label: "Discussions" })}>
      <DiscussionList slug={slug} />
    </PageShell>
  );
}
