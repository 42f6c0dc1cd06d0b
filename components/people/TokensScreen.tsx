"use client";

import { useState } from "react";
import { useMe } from "@/components/data/session";
import { CreateTokenForm } from "@/components/people/CreateTokenForm";
import { TokenList } from "@/components/people/TokenList";

/** Every user's API tokens page: create one (shown once), list and revoke; an admin can switch to everyone's. */
export function TokensScreen() {
  const me = useMe();
  const [all, setAll] = useState(false);
  return (
    <div className="space-y-8">
      <CreateTokenForm />
      <section className="space-y-3" aria-labelledby="tokens-heading">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="tokens-heading" className="text-lg font-medium">
            {all ? "Everyone's API tokens" : "Your API tokens"}
          </h2>
          {me.data?.admin && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Show everyone&apos;s tokens
            </label>
          )}
        </div>
        <TokenList all={all} />
      </section>
    </div>
  );
}
