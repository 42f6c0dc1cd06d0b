import { ReviewQueue } from "@/components/ReviewQueue";
import { SessionBar } from "@/components/SessionBar";

export default async function ReviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <main className="mx-auto max-w-[1600px] space-y-6 px-6 py-10">
      <header className="flex items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">Review · {slug}</h1>
        <SessionBar />
      </header>
      <ReviewQueue slug={slug} />
    </main>
  );
}
