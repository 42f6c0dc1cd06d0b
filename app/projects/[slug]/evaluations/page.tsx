import { EvaluationsPage } from "@/components/evaluations/EvaluationsPage";
import { PageShell } from "@/components/PageShell";
import { projectCrumbs } from "@/components/nav/crumbs";

export default async function ProjectEvaluationsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <PageShell project={slug} crumbs={projectCrumbs(slug, { label: "Evaluations" })}>
      <EvaluationsPage slug={slug} />
    </PageShell>
  );
}
