import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inspectClusterDir, startEmbeddedPostgres } from "@/lib/db/embedded";

describe("the embedded cluster folder", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "rosetta-embedded-"));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("tells an absent or empty folder, a cluster and a foreign folder apart", async () => {
    const cluster = path.join(dataDir, "postgres");
    expect(await inspectClusterDir(cluster)).toEqual({ kind: "empty" });
    await mkdir(cluster);
    expect(await inspectClusterDir(cluster)).toEqual({ kind: "empty" });
    await writeFile(path.join(cluster, "notes.txt"), "mine");
    expect(await inspectClusterDir(cluster)).toMatchObject({ kind: "foreign" });
    await writeFile(path.join(cluster, "PG_VERSION"), "18\n");
    expect(await inspectClusterDir(cluster)).toEqual({ kind: "cluster", major: "18" });
  });

  it("refuses a folder that is not a PostgreSQL cluster and deletes nothing", async () => {
    const cluster = path.join(dataDir, "postgres");
    await mkdir(cluster);
    await writeFile(path.join(cluster, "precious.csv"), "a,b\n");
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toMatchObject({
      code: "DATA_DIR_INVALID",
      message: expect.stringContaining("holds no PostgreSQL cluster"),
    });
    expect(await readdir(cluster)).toEqual(["precious.csv"]);
  });

  it("refuses a cluster of another PostgreSQL major version", async () => {
    const cluster = path.join(dataDir, "postgres");
    await mkdir(cluster);
    await writeFile(path.join(cluster, "PG_VERSION"), "13\n");
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/PostgreSQL 13 cluster, but the embedded server is PostgreSQL \d+/);
  });
});
