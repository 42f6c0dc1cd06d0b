import { VersionRecords } from "@/components/datasets/VersionRecords";
import { PageShell } from "@/components/PageShell";
import { projectCrumbs } from "@/components/nav/crumbs";

export default async function VersionRecordsPage({ params }: { params: Promise<{ slug: string; tag: string }> }) {
  const { slug, tag: raw } = await params;
  const tag = decodeURIComponent(raw);
  return (
    <PageShell
      project={slug}
      crumbs={projectCrumbs(
        slug,
        { label: "Datasets", href: `/projects/${slug}/datasets` },
        { label: tag, href: `/projects/${slug}/datasets/${encodeURIComponent(tag)}` },
        { label: "Records" },
      )}
    >
      <VersionRecords slug={slug} tag={tag} />
    </PageShell>
  );
}
