import { DatasetVersions } from "@/components/datasets/DatasetVersions";
import { PageShell } from "@/components/PageShell";
import { projectCrumbs } from "@/components/nav/crumbs";

export default async function DatasetsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <PageShell project={slug} crumbs={projectCrumbs(slug, { label: "Datasets" })}>
      <DatasetVersions slug={slug} />
    </PageShell>
  );
}
