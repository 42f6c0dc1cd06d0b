/**
 * How long a reviewer's claim on an item lasts without a renewal, and how often the open review page
 * renews it: a closed tab or a crashed browser frees the item within CLAIM_SECONDS, an open one
 * keeps it (a renewal is due well before the claim would lapse, even with a slow request or two).
 */
export const CLAIM_SECONDS = 10 * 60;
export const CLAIM_RENEW_SECONDS = CLAIM_SECONDS / 4;
