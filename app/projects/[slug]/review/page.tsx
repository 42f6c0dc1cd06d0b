import { ReviewQueue } from "@/components/ReviewQueue";
import { PageShell } from "@/components/PageShell";
import { projectCrumbs } from "@/components/nav/crumbs";

export default async function ReviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <PageShell width="full" title={`Review · ${slug}`} project={slug} crumbs={projectCrumbs(slug, { label: "Review" })}>
      <ReviewQueue slug={slug} />
    </PageShell>
  );
}
