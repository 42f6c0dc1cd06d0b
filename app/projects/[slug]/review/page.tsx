import { ReviewQueue } from "@/components/ReviewQueue";
import { PageShell } from "@/components/PageShell";
import { projectCrumbs } from "@/components/nav/crumbs";

export default async function ReviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ item?: string | string[] }>;
}) {
  const { slug } = await params;
  const { item } = await searchParams;
  return (
    <PageShell width="full" title={`Review · ${slug}`} project={slug} crumbs={projectCrumbs(slug, { label: "Review" })}>
      <ReviewQueue slug={slug} initialItem={typeof item === "string" ? item : undefined} />
    </PageShell>
  );
}
