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

  it("passes bad input's problems by field path through, and only when there are some", () => {
    const error = new AppError("BAD_REQUEST", "Invalid project settings: review.overlap: too small", {
      fields: { "review.overlap": "too small" },
    });
    expect(publicMessage(error)).toMatchObject({ status: 400, fields: { "review.overlap": "too small" } });
    expect(publicMessage(new AppError("BAD_REQUEST", "no fields"))).not.toHaveProperty("fields");
    expect(publicMessage(new AppError("INTERNAL", "hidden", { expose: false, fields: { a: "b" } }))).not.toHaveProperty("fields");
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
