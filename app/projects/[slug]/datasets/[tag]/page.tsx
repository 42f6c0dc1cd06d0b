import { VersionStatisticsPage } from "@/components/datasets/VersionStatisticsPage";
import { SessionBar } from "@/components/SessionBar";

export default async function DatasetVersionPage({ params, searchParams }: { params: Promise<{ slug: string; tag: string }>; searchParams: Promise<{ against?: string | string[] }> }) {
  const { slug, tag } = await params;
  const { against } = await searchParams;
  return (
    <main className="mx-auto max-w-7xl space-y-6 px-6 py-10">
      <header className="flex justify-end">
        <SessionBar />
      </header>
      <VersionStatisticsPage slug={slug} tag={decodeURIComponent(tag)} against={typeof against === "string" && against ? against : null} />
    </main>
  );
}
