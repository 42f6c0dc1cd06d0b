"use client";

import { useEffect, useState } from "react";
import { ApiError } from "@/components/api";
import { claimCandidate, releaseCandidate as release, useReviewCache } from "@/components/data/review";
import { CLAIM_RENEW_SECONDS } from "@/lib/review/claim-policy";

// Claims, renewals and releases go out one after another, so a release for the item just left can
// never overtake the claim of the item just opened (or a quick back-and-forth reorder them).
let pending: Promise<unknown> = Promise.resolve();
const inOrder = (step: () => Promise<unknown>) => (pending = pending.then(step).catch(() => undefined));

/** The claim this page holds on an item, as the claim route answered. */
export interface HeldClaim {
  by: string;
  until: string;
}

/**
 * Holds a claim on the open item while it is open: claims it on opening, renews it before it would
 * lapse, releases it on leaving (another item, another page, a closed tab). The answer: `refused`,
 * null while asking or when the claim is held, else why not (another reviewer holds it); `held`, the
 * claim as the server granted it. A viewer, who may not claim, is simply not told anything.
 */
export function useClaim(candidateId: string | undefined, enabled: boolean): { refused: string | null; held: HeldClaim | null } {
  const cache = useReviewCache();
  const [refused, setRefused] = useState<{ id: string; message: string } | null>(null);
  // The granted claim, by item, from the claim's own answer: the cached item's claim line alone was
  // lost when a read of the item begun before the claim landed after it (and said "unclaimed").
  const [held, setHeld] = useState<(HeldClaim & { id: string }) | null>(null);
  useEffect(() => {
    if (!candidateId || !enabled) return;
    let open = true;
    const claim = () =>
      inOrder(async () => {
        try {
          const { claimedBy, expiresAt } = await claimCandidate(candidateId);
          if (!open) return;
          setRefused(null);
          setHeld({ id: candidateId, by: claimedBy, until: expiresAt });
          // The item's claim line shows it is ours, until when: written into the cached item, not fetched again.
          cache.showClaim(candidateId, { by: claimedBy, until: expiresAt, mine: true });
        } catch (error) {
          if (!open) return;
          setHeld(null);
          if (error instanceof ApiError && error.status === 409) setRefused({ id: candidateId, message: error.message });
          // Someone else's (or no) claim: the item's claim line follows what the server has.
          await cache.refreshCandidate(candidateId);
        }
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
  }, [candidateId, enabled, cache]);
  return {
    refused: refused && refused.id === candidateId ? refused.message : null,
    held: held && held.id === candidateId && enabled ? { by: held.by, until: held.until } : null,
  };
}
