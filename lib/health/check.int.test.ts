import { spawnSync } from "node:child_process";
import os from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { getSystemHealth } from "@/lib/health/check";
import { LANGUAGES } from "@/lib/languages";
import { isolationSupport } from "@/lib/sandbox/isolation";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());
const check = () => getSystemHealth({ db, staleSeconds: 20, searchPath: env.PATH });

describe("getSystemHealth", () => {
  it("reports the database ok and, with no worker alive, the worker down with how to start one", async () => {
    const health = await check();
    expect(health.db.status).toBe("ok");
    expect(health.db.detail).toMatch(/^PostgreSQL \d+/);
    expect(health.worker.status).toBe("down");
    expect(health.worker.detail).toContain("rosetta worker");
    expect(health.model.status).toBe("unconfigured");
  });

  it("lists every verification language with its toolchain or why it is unavailable", async () => {
    const health = await check();
    expect(health.sandbox.languages.map((l) => l.language)).toEqual([...LANGUAGES]);
    const python = health.sandbox.languages.find((l) => l.language === "python")!;
    expect(python).toEqual({ language: "python", available: true, detail: expect.stringMatching(/^Python 3\.\d+/) });
    const support = isolationSupport();
    if (support.ok) expect(health.sandbox.status).not.toBe("down");
    else expect(health.sandbox).toMatchObject({ status: "down", detail: expect.stringContaining("ROSETTA_SANDBOX=unsafe-local") });
    // An unavailable language says what is missing; the summary names it.
    for (const language of health.sandbox.languages.filter((l) => !l.available)) {
      expect(language.detail).toMatch(/not installed|not under \/usr/);
      expect(health.sandbox.detail).toContain(language.language);
    }
  });

  it("says plainly when code runs without isolation by the operator's choice", async () => {
    const health = await getSystemHealth({ db, staleSeconds: 20, searchPath: env.PATH, sandboxMode: "unsafe-local" });
    if (isolationSupport().ok) expect(health.sandbox.detail).toMatch(/^isolated/);
    else expect(health.sandbox).toMatchObject({ status: "degraded", detail: expect.stringMatching(/^UNSAFE local execution/) });
  });

  it("counts only workers that reported recently and have not stopped", async () => {
    const old = new Date(Date.now() - 60_000);
    await db.worker.createMany({
      data: [
        { hostname: "gone", pid: 1, lastSeenAt: old, startedAt: old },
        { hostname: "stopped", pid: 2, lastSeenAt: new Date(), stoppedAt: new Date() },
        { hostname: "alive", pid: 3, lastSeenAt: new Date() },
      ],
    });
    const health = await check();
    expect(health.worker.status).toBe("ok");
    expect(health.worker.detail).toContain("1 worker alive (alive:3)");
  });

  it("does not count a worker of this machine whose process is gone, and shows workers lost recently", async () => {
    const exited = spawnSync(process.execPath, ["-e", ""]); // a pid that existed and is gone now
    await db.worker.createMany({
      data: [
        { hostname: os.hostname(), pid: exited.pid!, lastSeenAt: new Date() },
        { hostname: os.hostname(), pid: process.pid, lastSeenAt: new Date() },
        { hostname: "elsewhere", pid: 7, lastSeenAt: new Date(), stoppedAt: new Date(), exitReason: "was killed by SIGKILL" },
      ],
    });
    const health = await check();
    expect(health.worker.status).toBe("degraded");
    expect(health.worker.detail).toContain(`${os.hostname()}:${process.pid}`);
    expect(health.worker.detail).not.toMatch(new RegExp(`:${exited.pid}\\b`));
    expect(health.worker.detail).toMatch(
      /1 worker lost in the last 15 min \(last: elsewhere:7 was killed by SIGKILL at \d\d:\d\d:\d\d UTC\)/,
    );
  });

  it("reports everything that depends on the database down when it is unreachable, without throwing", async () => {
    const unreachable = createDb("postgresql://nobody:x@127.0.0.1:1/rosetta_test_none");
    try {
      const health = await getSystemHealth({ db: unreachable, staleSeconds: 20, searchPath: env.PATH });
      expect(health.db).toEqual({ status: "down", detail: "Cannot reach PostgreSQL at 127.0.0.1:1; reconnecting" });
      expect(health.worker.status).toBe("down");
      expect(health.sandbox.languages).toHaveLength(LANGUAGES.length); // checked without the database
    } finally {
      await unreachable.$disconnect();
    }
  });
});

describe("model health", () => {
  it("is degraded when most recent calls failed after their retries", async () => {
    const profile = await db.endpointProfile.create({ data: { name: "health-probe", baseUrl: "http://127.0.0.1:1/v1", model: "m" } });
    const call = (errorCode: string | null) => ({
      endpointProfileId: profile.id,
      role: "AGENT" as const,
      model: "m",
      stage: "test",
      latencyMs: 5,
      errorCode,
    });
    await db.llmCall.createMany({ data: [call(null), call("EndpointDown"), call("EndpointDown"), call("Timeout")] });
    const health = await check();
    expect(health.model.status).toBe("degraded");
    expect(health.model.detail).toContain("4 calls, 3 failed");
  });
});

describe("model health on unusable answers", () => {
  it("is degraded when recent calls gave answers that could not be used, though the endpoint answers", async () => {
    await db.llmCall.deleteMany();
    const profile = await db.endpointProfile.create({ data: { name: "health-parse", baseUrl: "http://127.0.0.1:1/v1", model: "m" } });
    // Ten minutes ago: outside the transport check's five minutes, inside the fifteen for answers.
    const at = new Date(Date.now() - 10 * 60_000);
    const call = (errorCode: string | null, createdAt = at) => ({
      endpointProfileId: profile.id,
      role: "AGENT" as const,
      model: "m",
      stage: "test",
      latencyMs: 5,
      errorCode,
      createdAt,
    });
    // Under a handful of calls, one bad answer says little.
    await db.llmCall.createMany({ data: [call(null), call(null), call(null), call("BadOutput")] });
    expect((await check()).model.status).toBe("ok");

    await db.llmCall.deleteMany();
    await db.llmCall.createMany({
      data: [...Array.from({ length: 33 }, () => call(null)), ...Array.from({ length: 7 }, () => call("BadOutput"))],
    });
    const health = await check();
    expect(health.model.status).toBe("degraded");
    expect(health.model.detail).toContain("7 of 40 calls in the last 15 min gave unusable answers (BadOutput)");

    // Both kinds count, named with their share; older calls do not.
    await db.llmCall.deleteMany();
    await db.llmCall.createMany({
      data: [
        ...Array.from({ length: 20 }, () => call(null)),
        call("BadOutput"),
        call("BadOutput"),
        call("Truncated"),
        call("EndpointDown"),
        ...Array.from({ length: 30 }, () => call("BadOutput", new Date(Date.now() - 20 * 60_000))),
      ],
    });
    const mixed = await check();
    expect(mixed.model).toMatchObject({
      status: "degraded",
      detail: expect.stringContaining("3 of 24 calls in the last 15 min gave unusable answers (BadOutput 2, Truncated 1)"),
    });

    // A few in many is the usual noise of real models: still ok.
    await db.llmCall.deleteMany();
    await db.llmCall.createMany({ data: [...Array.from({ length: 38 }, () => call(null)), call("BadOutput"), call("Truncated")] });
    expect((await check()).model.status).toBe("ok");
  });
});
