import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as download } from "@/app/api/projects/[slug]/versions/[tag]/export/route";
import { GET } from "@/app/api/projects/[slug]/versions/[tag]/export/training/route";
import { getDb } from "@/lib/db/client";
import { closeExportPools } from "@/lib/datasets/export/pool";
import { createReadyVersion } from "@/lib/datasets/export/test-fixtures";
import { checkTrainingFolder } from "@/lib/datasets/export/training-schemas";
import { signedInUser } from "@/lib/testing/accounts";

let cookie = "";

const get = (handler: typeof GET, tag: string, route: string, query: string) =>
  handler(new Request(`http://studio.test/api/projects/trainers/versions/${tag}/${route}?${query}`, { headers: { cookie } }), {
    params: Promise.resolve({ slug: "trainers", tag }),
  });

beforeAll(async () => {
  const db = getDb();
  const project = await db.project.create({ data: { slug: "trainers", name: "trainers", languages: [], settings: {} } });
  await createReadyVersion({ db, projectId: project.id, tag: "v1" });
  ({ cookie } = await signedInUser(db, { email: "viewer@trainers.test", project: { id: project.id, role: "VIEWER" } }));
}, 120_000);
afterAll(() => Promise.all([getDb().$disconnect(), closeExportPools()]));

describe("GET /api/projects/:slug/versions/:tag/export/training", () => {
  it("zips training/ naming the files the download links give; unpacked beside them, every config checks out", async () => {
    const response = await get(GET, "v1", "export/training", "format=sharegpt&fileType=parquet&testFraction=0.5");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="trainers-v1-sharegpt-parquet-training.zip"');
    const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-training-zip-"));
    const entries = unzipSync(new Uint8Array(await response.arrayBuffer()));
    expect(Object.keys(entries).sort()).toEqual([
      "training/README.md",
      "training/axolotl.yaml",
      "training/dataset_info.json",
      "training/train_sft.py",
    ]);
    await mkdir(path.join(dir, "training"));
    for (const [name, bytes] of Object.entries(entries)) await writeFile(path.join(dir, name), bytes);
    for (const split of ["train", "test"]) {
      const file = await get(download, "v1", "export", `format=sharegpt&fileType=parquet&testFraction=0.5&split=${split}`);
      await writeFile(path.join(dir, `trainers-v1-sharegpt-${split}.parquet`), new Uint8Array(await file.arrayBuffer()));
    }
    expect(await checkTrainingFolder(dir)).toEqual([]);
  });

  it.each([
    ["format=dpo&fileType=jsonl", 400, /has no DPO pairs/],
    ["format=sft&fileType=csv", 400, /unknown file type/],
    ["format=sft&split=train", 400, /split/],
  ])("refuses %s with a JSON error", async (query, status, message) => {
    const response = await get(GET, "v1", "export/training", query);
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBeTruthy();
    expect(body.error.message).toMatch(message);
  });
});
