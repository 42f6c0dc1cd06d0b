import { VersionStatisticsPage } from "@/components/datasets/VersionStatisticsPage";
import { PageShell } from "@/components/PageShell";

export default async function DatasetVersionPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; tag: string }>;
  searchParams: Promise<{ against?: string | string[] }>;
}) {
  const { slug, tag } = await params;
  const { against } = await searchParams;
  return (
    <PageShell width="wide">
      <VersionStatisticsPage slug={slug} tag={decodeURIComponent(tag)} against={typeof against === "string" && against ? against : null} />
    </PageShell>
  );
}
