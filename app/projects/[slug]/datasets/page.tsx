import { DatasetVersions } from "@/components/datasets/DatasetVersions";
import { PageShell } from "@/components/PageShell";

export default async function DatasetsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <PageShell>
      <DatasetVersions slug={slug} />
    </PageShell>
  );
}
