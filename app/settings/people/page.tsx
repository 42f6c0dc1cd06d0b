import { PageShell } from "@/components/PageShell";
import { PeopleScreen } from "@/components/people/PeopleScreen";

export default function PeoplePage() {
  return (
    <PageShell width="settings" title="People" crumbs={[{ label: "People" }]}>
      <PeopleScreen />
    </PageShell>
  );
}
