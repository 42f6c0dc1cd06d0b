import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

describe("parseEnv", () => {
  it("fills documented defaults and resolves the data folder", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.HOST).toBe("127.0.0.1");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.dataDir).toBe(path.resolve(".rosetta"));
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });

  it("names each bad variable and why", () => {
    let error: unknown;
    try {
      parseEnv({ PORT: "http", DATABASE_URL: "mysql://x" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("CONFIG_INVALID");
    expect((error as AppError).message).toMatch(/PORT: /);
    expect((error as AppError).message).toMatch(/DATABASE_URL: must be a postgresql:\/\/ URL/);
  });

  it("rejects ports out of range", () => {
    expect(() => parseEnv({ PORT: "70000" })).toThrow(/PORT/);
  });
});
