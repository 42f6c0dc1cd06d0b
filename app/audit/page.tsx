import { AuditLog } from "@/components/AuditLog";
import { SessionBar } from "@/components/SessionBar";

export default function AuditPage() {
  return (
    <main className="mx-auto max-w-6xl space-y-6 px-6 py-10">
      <header className="flex items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <SessionBar />
      </header>
      <AuditLog />
    </main>
  );
}
