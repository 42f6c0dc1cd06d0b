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
