import { DiscussionLive } from "@/components/DiscussionLive";
import { SessionBar } from "@/components/SessionBar";

export default async function DiscussionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <main className="mx-auto max-w-7xl space-y-6 px-6 py-10">
      <header className="flex items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">Discussion</h1>
        <SessionBar />
      </header>
      <DiscussionLive id={id} />
    </main>
  );
}
