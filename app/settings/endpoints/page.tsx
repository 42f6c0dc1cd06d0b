import { EndpointSettings } from "@/components/EndpointSettings";
import { SessionBar } from "@/components/SessionBar";

export default function EndpointSettingsPage() {
  return (
    <main className="mx-auto max-w-4xl space-y-6 px-6 py-10">
      <header className="flex items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">Model endpoints</h1>
        <SessionBar />
      </header>
      <EndpointSettings />
    </main>
  );
}
