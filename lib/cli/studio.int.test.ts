import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { childEnv } from "@/lib/env";
import { findFreePort } from "@/lib/net";
import { dropTestDatabase, withDatabase } from "@/lib/testing/test-database";

// `rosetta studio` refusing bad configuration, as a user meets it: a real process, its stderr and
// exit code. Every case fails before anything would be started.
function rosetta(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.resolve("bin/rosetta.js"), ...args], {
      env: childEnv({ DATABASE_URL: "", ...env }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

const scratch = await mkdtemp(path.join(os.tmpdir(), "rosetta-cli-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("rosetta studio with bad input", () => {
  it("names the host and port of an unreachable DATABASE_URL and exits non-zero", async () => {
    const deadPort = await findFreePort("127.0.0.1");
    const { code, output } = await rosetta(["studio"], {
      DATABASE_URL: `postgresql://rosetta:secret@127.0.0.1:${deadPort}/rosetta`,
      PORT: String(await findFreePort("127.0.0.1")),
    });
    expect(code).toBe(1);
    expect(output).toContain(`Cannot reach PostgreSQL at 127.0.0.1:${deadPort}/rosetta`);
    expect(output).toMatch(/ECONNREFUSED/);
    expect(output).not.toContain("secret"); // the password stays out of messages
    expect(output).not.toMatch(/\n\s+at /);
  });

  it("refuses a data folder that is not a PostgreSQL cluster and leaves it untouched", async () => {
    const dataDir = path.join(scratch, "not-a-cluster");
    await mkdir(path.join(dataDir, "postgres"), { recursive: true });
    await writeFile(path.join(dataDir, "postgres", "thesis.tex"), "\\documentclass{article}");
    const { code, output } = await rosetta(["studio"], { ROSETTA_DATA_DIR: dataDir, PORT: String(await findFreePort("127.0.0.1")) });
    expect(code).toBe(1);
    expect(output).toContain("holds no PostgreSQL cluster (no PG_VERSION file)");
    expect(output).toContain("ROSETTA_DATA_DIR");
    expect(await readdir(path.join(dataDir, "postgres"))).toEqual(["thesis.tex"]);
  });

  it("explains an invalid variable instead of starting", async () => {
    const { code, output } = await rosetta(["studio"], { PORT: "eighty" });
    expect(code).toBe(1);
    expect(output).toContain("Invalid environment");
    expect(output).toContain("PORT:");
  });

  it("answers an unknown command with usage, not a stack trace", async () => {
    const { code, output } = await rosetta(["stduio"], {});
    expect(code).not.toBe(0);
    expect(output).toMatch(/unknown command 'stduio'/);
    expect(output).not.toMatch(/\n\s+at /);
  });

  it("rosetta worker on a database without Rosetta's schema says to start the studio first", async () => {
    const adminUrl = inject("adminUrl");
    const empty = withDatabase(adminUrl, `rosetta_test_empty_${process.pid}`);
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database rosetta_test_empty_${process.pid}`);
    await admin.end();
    try {
      const { code, output } = await rosetta(["worker"], { DATABASE_URL: empty });
      expect(code).toBe(1);
      expect(output).toContain("has no Rosetta schema yet. Start the studio against it once");
    } finally {
      await dropTestDatabase(adminUrl, empty);
    }
  });

  it("rosetta worker without a database says how to get one", async () => {
    const { code, output } = await rosetta(["worker"], { ROSETTA_DATA_DIR: path.join(scratch, "nothing-running") });
    expect(code).toBe(1);
    expect(output).toContain("DATABASE_URL is not set and no studio is running");
  });
});
