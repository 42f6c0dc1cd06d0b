/**
 * A candidate's test status, as the server stores it and the review page shows it. Client-safe: the
 * queue's filter, the "accept anyway?" prompt and the decision rule read the same lists.
 */

export const VERIFICATION_STATUSES = ["PENDING", "RUNNING", "PASS", "FAIL", "ERROR", "TIMEOUT"] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** The statuses that count as "its tests fail": accepting such an item needs a confirmation, and is recorded. */
export const FAILING_TEST_STATUSES = ["FAIL", "ERROR", "TIMEOUT"] as const satisfies readonly VerificationStatus[];

export function testsFail(status: string): boolean {
  return (FAILING_TEST_STATUSES as readonly string[]).includes(status);
}

/** A kept seed pair under review (DS1/DS2): it has no tests of its own, so nothing runs for it. */
export function isSeedItem(item: { source: string }): boolean {
  return item.source === "DS1" || item.source === "DS2" || item.source === "IMPORTED";
}

/**
 * Whether the item's tests are still to give a verdict: queued or running, and there are tests to run
 * (a seed pair's PENDING never changes). The review page looks again while this holds.
 */
export function testsRunning(item: { source: string; verificationStatus: string }): boolean {
  return (item.verificationStatus === "PENDING" || item.verificationStatus === "RUNNING") && !isSeedItem(item);
}
