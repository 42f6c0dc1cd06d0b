import { EvaluationDetail } from "@/components/evaluations/EvaluationDetail";
import { PageShell } from "@/components/PageShell";
import { projectCrumbs } from "@/components/nav/crumbs";

export default async function EvaluationPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  return (
    <PageShell
      project={slug}
      crumbs={projectCrumbs(slug, { label: "Evaluations", href: `/projects/${slug}/evaluations` }, { label: "Run" })}
    >
      <EvaluationDetail slug={slug} id={id} />
    </PageShell>
  );
}
