import { DiscussionLive } from "@/components/DiscussionLive";
import { DiscussionShell } from "@/components/discussion/DiscussionShell";

export default async function DiscussionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <DiscussionShell id={id}>
      <DiscussionLive id={id} />
    </DiscussionShell>
  );
}
