import { VersionStatisticsPage } from "@/components/datasets/VersionStatisticsPage";
import { PageShell } from "@/components/PageShell";
import { projectCrumbs } from "@/components/nav/crumbs";

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
      crumbs={projectCrumbs(slug, { label: "Datasets", href: `/projects/${slug}/datasets` }, { label: decodeURIComponent(tag) })}
    >
      <VersionStatisticsPage slug={slug} tag={decodeURIComponent(tag)} against={typeof against === "string" && against ? against : null} />
    </PageShell>
  );
}
