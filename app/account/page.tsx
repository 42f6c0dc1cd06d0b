import { PageShell } from "@/components/PageShell";
import { AccountScreen } from "@/components/people/AccountScreen";

export default function AccountPage() {
  return (
    <PageShell width="form" title="Your account" crumbs={[{ label: "Account" }]}>
      <AccountScreen />
    </PageShell>
  );
}
