import { Suspense } from "react";
import { AuditLog } from "@/components/AuditLog";
import { PageShell } from "@/components/PageShell";

export default function AuditPage() {
  return (
    <PageShell title="Audit log" crumbs={[{ label: "Audit" }]}>
      {/* The filters live in the URL, read on the client. */}
      <Suspense>
        <AuditLog />
      </Suspense>
    </PageShell>
  );
}
