import { describe, expect, it } from "vitest";
import { FAILING_TEST_STATUSES, isSeedItem, testsFail, testsRunning, VERIFICATION_STATUSES } from "@/lib/review/test-status";

describe("test statuses", () => {
  it("counts a failure, an error and a timeout as failing tests, and nothing else", () => {
    expect(VERIFICATION_STATUSES.filter(testsFail)).toEqual(["FAIL", "ERROR", "TIMEOUT"]);
    expect(FAILING_TEST_STATUSES.every((status) => VERIFICATION_STATUSES.includes(status))).toBe(true);
    expect(testsFail("PASS")).toBe(false);
    expect(testsFail("PENDING")).toBe(false);
  });

  it("waits for a verdict while the tests are queued or running (RUNNING too), never for a seed pair's, which has no tests", () => {
    const running = VERIFICATION_STATUSES.filter((verificationStatus) => testsRunning({ source: "DS3", verificationStatus }));
    expect(running).toEqual(["PENDING", "RUNNING"]);
    expect(testsRunning({ source: "DS1", verificationStatus: "PENDING" })).toBe(false);
    expect(["DS1", "DS2", "DS3"].map((source) => isSeedItem({ source }))).toEqual([true, true, false]);
  });
});
