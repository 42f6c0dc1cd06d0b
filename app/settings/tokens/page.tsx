import { PageShell } from "@/components/PageShell";
import { TokensScreen } from "@/components/people/TokensScreen";

export default function TokensPage() {
  return (
    <PageShell width="settings" title="API tokens" crumbs={[{ label: "API tokens" }]}>
      <TokensScreen />
    </PageShell>
  );
}
