import { describe, expect, it } from "vitest";
import { FAILING_TEST_STATUSES, testsFail, VERIFICATION_STATUSES } from "@/lib/review/test-status";

describe("test statuses", () => {
  it("counts a failure, an error and a timeout as failing tests, and nothing else", () => {
    expect(VERIFICATION_STATUSES.filter(testsFail)).toEqual(["FAIL", "ERROR", "TIMEOUT"]);
    expect(FAILING_TEST_STATUSES.every((status) => VERIFICATION_STATUSES.includes(status))).toBe(true);
    expect(testsFail("PASS")).toBe(false);
    expect(testsFail("PENDING")).toBe(false);
  });
});
