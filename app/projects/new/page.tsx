import { ProjectCreateForm } from "@/components/projects/ProjectCreateForm";
import { PageShell } from "@/components/PageShell";

export default function NewProjectPage() {
  return (
    <PageShell width="narrow" title="New project" crumbs={[{ label: "New project" }]}>
      <ProjectCreateForm />
    </PageShell>
  );
}
