import { DatasetVersions } from "@/components/datasets/DatasetVersions";
import { PageShell } from "@/components/PageShell";

export default async function DatasetsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <PageShell project={slug} crumbs={[{ label: slug, href: `/projects/${slug}` }, { label: "Datasets" }]}>
      <DatasetVersions slug={slug} />
    </PageShell>
  );
}
