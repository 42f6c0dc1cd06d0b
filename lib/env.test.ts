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

  it("believes no proxy unless TRUST_PROXY says which, and names a bad entry", () => {
    expect(parseEnv({}).TRUST_PROXY).toEqual({ kind: "none" });
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toEqual({ kind: "hops", hops: 1 });
    expect(() => parseEnv({ TRUST_PROXY: "10.0.0.0/8,proxy.local" })).toThrow(/TRUST_PROXY: "proxy.local" is not an IP address or a CIDR/);
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

  it("takes a run window of at least one item, and names a bad one", () => {
    expect(parseEnv({ ROSETTA_RUN_WINDOW: "64" }).ROSETTA_RUN_WINDOW).toBe(64);
    expect(parseEnv({}).ROSETTA_RUN_WINDOW).toBeUndefined();
    for (const bad of ["0", "-3", "2.5", "lots"]) expect(() => parseEnv({ ROSETTA_RUN_WINDOW: bad })).toThrow(/ROSETTA_RUN_WINDOW: /);
  });

  it("rejects ports out of range", () => {
    expect(() => parseEnv({ PORT: "70000" })).toThrow(/PORT/);
  });
});
