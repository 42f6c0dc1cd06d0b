import { AgreementPage } from "@/components/agreement/AgreementPage";
import { PageShell } from "@/components/PageShell";
import { projectCrumbs } from "@/components/nav/crumbs";

export default async function ProjectAgreementPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <PageShell project={slug} crumbs={projectCrumbs(slug, { label: "Agreement" })}>
      <AgreementPage slug={slug} />
    </PageShell>
  );
}
