"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiError, postJson } from "@/components/api";
import { CLAIM_RENEW_SECONDS } from "@/lib/review/claim-policy";

// Claims, renewals and releases go out one after another, so a release for the item just left can
// never overtake the claim of the item just opened (or a quick back-and-forth reorder them).
let pending: Promise<unknown> = Promise.resolve();
const inOrder = (step: () => Promise<unknown>) => (pending = pending.then(step).catch(() => undefined));

const release = (candidateId: string) => fetch(`/api/candidates/${candidateId}/claim`, { method: "DELETE", keepalive: true, headers: { Accept: "application/json" } });

/**
 * Holds a claim on the open item while it is open: claims it on opening, renews it before it would
 * lapse, releases it on leaving (another item, another page, a closed tab). The answer: null while
 * asking or when the claim is held, else why not (another reviewer holds it). A viewer, who may not
 * claim, is simply not told anything.
 */
export function useClaim(candidateId: string | undefined, enabled: boolean): { refused: string | null } {
  const queryClient = useQueryClient();
  const [refused, setRefused] = useState<{ id: string; message: string } | null>(null);
  useEffect(() => {
    if (!candidateId || !enabled) return;
    let open = true;
    const claim = () =>
      inOrder(async () => {
        try {
          await postJson(`/api/candidates/${candidateId}/claim`);
          if (open) setRefused(null);
        } catch (error) {
          if (open && error instanceof ApiError && error.status === 409) setRefused({ id: candidateId, message: error.message });
        }
        // The item's claim line (its holder, until when) follows what just happened.
        if (open) await queryClient.invalidateQueries({ queryKey: ["candidate", candidateId] });
      });
    void claim();
    const timer = window.setInterval(() => void claim(), CLAIM_RENEW_SECONDS * 1000);
    const leave = () => void release(candidateId).catch(() => undefined);
    window.addEventListener("pagehide", leave);
    return () => {
      open = false;
      window.clearInterval(timer);
      window.removeEventListener("pagehide", leave);
      void inOrder(() => release(candidateId));
    };
  }, [candidateId, enabled, queryClient]);
  return { refused: refused && refused.id === candidateId ? refused.message : null };
}
