import { EndpointSettings } from "@/components/EndpointSettings";
import { PageShell } from "@/components/PageShell";

export default function EndpointSettingsPage() {
  return (
    <PageShell width="form" title="Model endpoints" crumbs={[{ label: "Endpoints" }]}>
      <EndpointSettings />
    </PageShell>
  );
}
