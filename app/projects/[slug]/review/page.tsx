import { ReviewQueue } from "@/components/ReviewQueue";
import { PageShell } from "@/components/PageShell";

export default async function ReviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <PageShell width="full" title={`Review · ${slug}`}>
      <ReviewQueue slug={slug} />
    </PageShell>
  );
}
