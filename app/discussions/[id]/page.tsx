import { DiscussionLive } from "@/components/DiscussionLive";
import { PageShell } from "@/components/PageShell";

export default async function DiscussionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <PageShell width="wide" title="Discussion">
      <DiscussionLive id={id} />
    </PageShell>
  );
}
