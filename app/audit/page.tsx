import { AuditLog } from "@/components/AuditLog";
import { PageShell } from "@/components/PageShell";

export default function AuditPage() {
  return (
    <PageShell title="Audit log" crumbs={[{ label: "Audit" }]}>
      <AuditLog />
    </PageShell>
  );
}
