import { describe, expect, it } from "vitest";
import { assertTestDatabase, withDatabase } from "@/lib/testing/test-database";

describe("assertTestDatabase", () => {
  it("accepts a database whose name says test", () => {
    expect(() => assertTestDatabase("postgresql://u:p@db:5432/rosetta_test")).not.toThrow();
  });

  it("refuses any other database", () => {
    expect(() => assertTestDatabase("postgresql://u:p@db:5432/rosetta")).toThrow(/Refusing to run tests against database "rosetta"/);
    expect(() => assertTestDatabase("postgresql://u:p@db:5432/")).toThrow(/Refusing/);
  });

  it("swaps only the database of a URL", () => {
    expect(withDatabase("postgresql://u:p@db:5432/postgres?sslmode=disable", "x_test")).toBe(
      "postgresql://u:p@db:5432/x_test?sslmode=disable",
    );
  });
});
