"use client";

import { messageOf } from "@/components/api";
import { useRevokeToken, useTokens } from "@/components/data/tokens";
import { ErrorNote } from "@/components/ErrorNote";
import { BUTTON } from "@/components/people/styles";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const day = (iso: string | null, none: string) => (iso ? dateFormat.format(new Date(iso)) : none);

/** API tokens (never their secrets): the user's own, or (admins) everyone's; each active one revocable. */
export function TokenList({ all }: { all: boolean }) {
  const tokens = useTokens({ all });
  const revoke = useRevokeToken();
  if (tokens.error) return <ErrorNote testId="tokens-error">{tokens.error.message}</ErrorNote>;
  return (
    <div className="space-y-2">
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm shadow-sm" data-testid="token-list">
        {tokens.isPending && <li className="p-3 text-slate-500">Loading…</li>}
        {tokens.data?.items.length === 0 && <li className="p-3 text-slate-600">No API tokens yet.</li>}
        {tokens.data?.items.map((token) => (
          <li
            key={token.id}
            className="flex flex-wrap items-start justify-between gap-3 p-3"
            data-testid="token-row"
            data-name={token.name}
          >
            <div className="min-w-0 space-y-0.5">
              <div className="break-all font-medium">{token.name}</div>
              <div className="flex flex-wrap gap-x-3 text-xs text-slate-500">
                <span className="font-mono">{token.prefix}…</span>
                {all && <span className="break-all">{token.owner}</span>}
                <span>
                  {token.role}
                  {token.project ? ` in ${token.project}` : " in every project"}
                </span>
                <span data-testid="token-state" className={token.state === "active" ? "text-emerald-700" : "text-slate-500"}>
                  {token.state}
                </span>
                <span>created {day(token.createdAt, "")}</span>
                <span>expires {day(token.expiresAt, "never")}</span>
                <span>{token.lastUsedAt ? `last used ${day(token.lastUsedAt, "")}` : "never used"}</span>
              </div>
            </div>
            {token.state === "active" && (
              <button type="button" className={BUTTON} disabled={revoke.isPending} onClick={() => revoke.mutate(token.id)}>
                Revoke {token.name}
              </button>
            )}
          </li>
        ))}
      </ul>
      {revoke.error && <ErrorNote>{messageOf(revoke.error)}</ErrorNote>}
    </div>
  );
}
