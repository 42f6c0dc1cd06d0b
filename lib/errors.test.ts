import { describe, expect, it } from "vitest";
import { AppError, publicMessage } from "@/lib/errors";

describe("publicMessage", () => {
  it("passes an AppError's code, message and status through", () => {
    expect(publicMessage(new AppError("NOT_FOUND", "No project 'x'"))).toEqual({
      code: "NOT_FOUND",
      message: "No project 'x'",
      status: 404,
    });
  });

  it("hides anything else behind a generic message", () => {
    const shown = publicMessage(new Error("connect ECONNREFUSED 10.0.0.5:5432 at Socket.<anonymous>"));
    expect(shown.code).toBe("INTERNAL");
    expect(shown.status).toBe(500);
    expect(shown.message).not.toContain("10.0.0.5");
  });

  it("hides an AppError marked not safe to show", () => {
    expect(publicMessage(new AppError("INTERNAL", "secret detail", { expose: false })).message).not.toContain("secret");
  });
});
