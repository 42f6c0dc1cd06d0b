import { VersionStatisticsPage } from "@/components/datasets/VersionStatisticsPage";
import { PageShell } from "@/components/PageShell";

export default async function DatasetVersionPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; tag: string }>;
  searchParams: Promise<{ against?: string | string[] }>;
}) {
  const { slug, tag: raw } = await params;
  const tag = decodeURIComponent(raw);
  const { against } = await searchParams;
  return (
    <PageShell
      width="wide"
      project={slug}
      crumbs={[{ label: slug, href: `/projects/${slug}` }, { label: "Datasets", href: `/projects/${slug}/datasets` }, { label: tag }]}
    >
      <VersionStatisticsPage slug={slug} tag={tag} against={typeof against === "string" && against ? against : null} />
    </PageShell>
  );
}
