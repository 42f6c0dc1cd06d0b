import { createHash } from "node:crypto";
import { parquetReadObjects } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/projects/[slug]/versions/[tag]/export/route";
import { getDb } from "@/lib/db/client";
import { closeExportPools } from "@/lib/datasets/export/pool";
import { splitOf } from "@/lib/datasets/export/split";
import { createReadyVersion, FIXTURE_ITEMS, FIXTURE_PAIRS } from "@/lib/datasets/export/test-fixtures";
import { signedInUser } from "@/lib/testing/accounts";

let cookie = "";
let outsider = "";

const download = (tag: string, query: string, { as = cookie, signal }: { as?: string; signal?: AbortSignal } = {}) =>
  GET(
    new Request(`http://studio.test/api/projects/downloads/versions/${encodeURIComponent(tag)}/export?${query}`, {
      headers: { cookie: as },
      signal,
    }),
    { params: Promise.resolve({ slug: "downloads", tag }) },
  );

beforeAll(async () => {
  const db = getDb();
  const project = await db.project.create({ data: { slug: "downloads", name: "downloads", languages: [], settings: {} } });
  await createReadyVersion({ db, projectId: project.id, tag: "v1", pairs: FIXTURE_PAIRS });
  await createReadyVersion({ db, projectId: project.id, tag: "cutting", status: "CUTTING" });
  await createReadyVersion({
    db,
    projectId: project.id,
    tag: "big",
    items: Array.from({ length: 20_000 }, (_, i) => ({
      key: `candidate:${i}`,
      language: "python",
      instruction: `Task ${i}: ${"x".repeat(200)}`,
      solution: `print(${i})`,
    })),
  });
  ({ cookie } = await signedInUser(db, { email: "viewer@downloads.test", project: { id: project.id, role: "VIEWER" } }));
  outsider = (await signedInUser(db, { email: "outsider@downloads.test" })).cookie;
}, 120_000);
afterAll(() => Promise.all([getDb().$disconnect(), closeExportPools()]));

describe("GET /api/projects/:slug/versions/:tag/export", () => {
  it("streams a viewer the file as an attachment, records the export with what was sent, and audits it", async () => {
    const response = await download("v1", "format=alpaca&fileType=jsonl");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/jsonl; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="downloads-v1-alpaca.jsonl"');
    expect(response.body).toBeInstanceOf(ReadableStream);
    const text = await response.text();
    expect(
      text
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual(FIXTURE_ITEMS.map((item) => ({ instruction: item.instruction, input: "", output: item.solution })));
    const db = getDb();
    await expect
      .poll(async () => (await db.export.findFirst({ where: { format: "ALPACA", path: null }, orderBy: { createdAt: "desc" } }))?.status)
      .toBe("SUCCEEDED");
    expect(await db.export.findFirst({ where: { format: "ALPACA" }, orderBy: { createdAt: "desc" } })).toMatchObject({
      sha256: createHash("sha256").update(text).digest("hex"),
      sizeBytes: BigInt(Buffer.byteLength(text)),
    });
    expect(await db.auditEvent.findFirst({ where: { action: "dataset.export" }, orderBy: { createdAt: "desc" } })).toMatchObject({
      actorLabel: "viewer@downloads.test",
      after: { tag: "v1", format: "alpaca", via: "download" },
    });
  });

  it("streams one side of a split, and Parquet that reads back", async () => {
    const response = await download("v1", "format=sft&fileType=parquet&testFraction=0.5&split=test");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="downloads-v1-sft-test.parquet"');
    expect(response.headers.get("content-type")).toBe("application/vnd.apache.parquet");
    const records = (await parquetReadObjects({ file: await response.arrayBuffer() })) as { messages: { content: string }[] }[];
    expect(records.map((record) => record.messages[1]!.content)).toEqual(
      FIXTURE_ITEMS.filter((item) => splitOf(item.key, 0.5) === "test").map((item) => item.solution),
    );
    const dpo = await download("v1", "format=dpo");
    expect((await dpo.text()).trim().split("\n")).toHaveLength(FIXTURE_PAIRS.length);
  });

  it("adds per-record metadata when asked, and audits that it did", async () => {
    const response = await download("v1", "format=sharegpt&metadata=true");
    expect(response.status).toBe(200);
    const records = (await response.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { metadata: { id: string; language: string } });
    expect(records.map((record) => [record.metadata.id, record.metadata.language])).toEqual(
      FIXTURE_ITEMS.map((item) => [item.key, item.language]),
    );
    expect(await getDb().auditEvent.findFirst({ where: { action: "dataset.export" }, orderBy: { createdAt: "desc" } })).toMatchObject({
      after: { format: "sharegpt", metadata: true },
    });
  });

  it.each([
    ["v1", "", 400, /format/],
    ["v1", "format=csv", 400, /unknown format/],
    ["v1", "format=sft&fileType=xml", 400, /unknown file type/],
    ["v1", "format=sft&testFraction=2&split=test", 400, /testFraction: a number between 0 and 1/],
    ["v1", "format=sft&split=test", 400, /split \(train or test\) and testFraction go together/],
    ["v1", "format=sft&bogus=1", 400, /bogus/],
    ["v9", "format=sft", 404, /No dataset version "v9"/],
    ["cutting", "format=sft", 409, /version cutting is still being cut/],
    ["big", "format=dpo", 400, /version big has no DPO pairs/],
    ["v1", "format=sft&metadata=yes", 400, /metadata: true or false/],
    ["v1", "format=dpo&metadata=true", 400, /metadata goes with the item formats/],
  ])("refuses %s?%s as JSON (%i) before streaming", async (tag, query, status, message) => {
    const response = await download(tag, query);
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
  });

  it("is refused to someone without a role in the project", async () => {
    expect((await download("v1", "format=sft", { as: outsider })).status).toBe(403);
    expect((await download("v1", "format=sft", { as: "" })).status).toBe(401);
  });

  it("stops reading the database when the client goes away, and records the download as aborted", async () => {
    const client = new AbortController();
    const response = await download("big", "format=sft", { signal: client.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    client.abort();
    await reader.cancel().catch(() => {});
    const db = getDb();
    await expect
      .poll(
        async () =>
          (await db.export.findFirst({ where: { format: "SFT_MESSAGES", path: null, testFraction: null }, orderBy: { createdAt: "desc" } }))
            ?.status,
      )
      .toBe("FAILED");
    expect(
      await db.export.findFirst({ where: { format: "SFT_MESSAGES", path: null, testFraction: null }, orderBy: { createdAt: "desc" } }),
    ).toMatchObject({ error: "download aborted by the client", sha256: null });
  });
});
