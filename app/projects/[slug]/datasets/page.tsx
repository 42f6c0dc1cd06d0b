import { DatasetVersions } from "@/components/datasets/DatasetVersions";
import { SessionBar } from "@/components/SessionBar";

export default async function DatasetsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <main className="mx-auto max-w-6xl space-y-6 px-6 py-10">
      <header className="flex justify-end">
        <SessionBar />
      </header>
      <DatasetVersions slug={slug} />
    </main>
  );
}
