import { Suspense } from "react";
import { SignInForm } from "@/components/SignInForm";

export default function SignInPage() {
  return (
    <main className="mx-auto max-w-sm space-y-6 px-6 py-16">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in to Rosetta</h1>
      <Suspense>
        <SignInForm />
      </Suspense>
      <p className="text-xs text-slate-500">
        No account yet? An administrator creates one with <code className="font-mono">rosetta user create --email you@example.com</code>.
      </p>
    </main>
  );
}
