import { Suspense } from "react";
import { ResetPasswordForm } from "@/components/people/ResetPasswordForm";

export default function ResetPasswordPage() {
  return (
    <main className="mx-auto max-w-sm space-y-6 px-6 py-16">
      <h1 className="text-2xl font-semibold tracking-tight">Choose a new password</h1>
      <Suspense>
        <ResetPasswordForm />
      </Suspense>
    </main>
  );
}
