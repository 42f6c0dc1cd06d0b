import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { VersionDetail, VersionDiff, VersionItemsPage, VersionSummary } from "@/lib/datasets/version-types";
import { editCandidate, fixtureCandidate, fixtureProject, fixtureSeed } from "@/lib/datasets/version-fixtures";
import { GET as list, POST as create } from "./route";
import { GET as detail } from "./[tag]/route";
import { GET as diff } from "./[tag]/diff/route";
import { GET as card } from "./[tag]/card/route";
import { GET as items } from "./[tag]/items/route";
import { signedInUser } from "@/lib/testing/accounts";

/** The versions API as the studio's pages call it: a curator's session cookie, from the studio's origin. */

const db = getDb();
let curator = "";
let viewer = "";
let editable = "";
let unreviewedSeed = "";
const SLUG = "api-versions";

beforeAll(async () => {
  const { projectId } = await fixtureProject(db, SLUG);
  const seed = await fixtureSeed(db, projectId, {
    language: "python",
    kind: "DS1",
    score: 4,
    instruction: "Reverse a string.",
    solution: "def rev(s): return s[::-1]",
    review: "ACCEPTED",
  });
  // A kept seed pair nobody reviewed: in a version only when the cut asks for unreviewed items.
  unreviewedSeed = (
    await fixtureSeed(db, projectId, { language: "rust", kind: "DS2", score: 3.5, instruction: "Add.\nTwo numbers.", solution: "a + b" })
  ).seedId;
  await fixtureCandidate(db, projectId, {
    language: "python",
    score: 4,
    instruction: "Sum.",
    solution: "def total(xs): return sum(xs)",
    seedId: seed.seedId,
  });
  editable = (
    await fixtureCandidate(db, projectId, {
      language: "go",
      score: 3,
      verification: "FAIL",
      instruction: "Max.",
      solution: "func max() {}",
    })
  ).candidateId;
  curator = (await signedInUser(db, { email: "curator@versions.test", project: { id: projectId, role: "CURATOR" } })).cookie;
  viewer = (await signedInUser(db, { email: "viewer@versions.test", project: { id: projectId, role: "VIEWER" } })).cookie;
});
afterAll(() => db.$disconnect());

function call<P>(
  handler: (request: Request, extra: { params: Promise<P> }) => Promise<Response>,
  path: string,
  params: P,
  { cookie = curator, body }: { cookie?: string; body?: unknown } = {},
) {
  const request = new Request(`http://studio.test/api/projects/${SLUG}/versions${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { cookie, origin: "http://studio.test", host: "studio.test", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return handler(request, { params: Promise.resolve(params) });
}

describe("/api/projects/:slug/versions", () => {
  it("cuts versions, lists them newest first, shows one with its statistics, diffs two and renders the card", async () => {
    const created = await call(
      create,
      "",
      { slug: SLUG },
      { body: { tag: "v1", notes: "first", sources: ["DS1", "DS2", "DS3", "HUMAN_EDIT"] } },
    );
    expect(created.status).toBe(201);
    const { version: v1 } = (await created.json()) as { version: VersionSummary };
    expect(VersionSummary.parse(v1)).toMatchObject({
      tag: "v1",
      notes: "first",
      status: "READY",
      itemCount: 3,
      pairCount: 0,
      createdBy: { email: "curator@versions.test" },
    });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "dataset.version.create", targetId: v1.id } });
    expect(audit).toMatchObject({ actorLabel: "curator@versions.test", after: expect.objectContaining({ tag: "v1", itemCount: 3 }) });

    await editCandidate(db, editable, "func max(a, b int) int { if a > b { return a }; return b }");
    const v2 = (
      (await (await call(create, "", { slug: SLUG }, { body: { tag: "v2", languages: ["go", "python"] } })).json()) as {
        version: VersionSummary;
      }
    ).version;
    expect(v2).toMatchObject({ itemCount: 3, pairCount: 1, filters: { languages: ["go", "python"] } });

    const listed = (await (await call(list, "", { slug: SLUG }, { cookie: viewer })).json()) as { versions: VersionSummary[] };
    expect(listed.versions.map((v) => v.tag)).toEqual(["v2", "v1"]);

    const shown = VersionDetail.parse(await (await call(detail, "/v2", { slug: SLUG, tag: "v2" }, { cookie: viewer })).json());
    expect(shown.statistics).toMatchObject({
      total: 3,
      pairs: 1,
      bySource: { DS1: 1, DS2: 0, DS3: 1, HUMAN_EDIT: 1 },
      languages: [
        { language: "go", total: 1 },
        { language: "python", total: 2 },
      ],
    });
    expect(shown.statistics!.provenance).toMatchObject({ project: { slug: SLUG } });

    const changed = VersionDiff.parse(
      await (await call(diff, "/v2/diff?against=v1", { slug: SLUG, tag: "v2" }, { cookie: viewer })).json(),
    );
    expect(changed).toMatchObject({
      from: "v1",
      to: "v2",
      languages: [{ language: "go", added: 0, removed: 0, changed: 1 }],
      examples: { changed: [`candidate:${editable}`] },
    });

    // The comparison lists the items, with what changed: the edit is a new solution by a person.
    expect(changed.items).toEqual([
      {
        kind: "changed",
        itemKey: `candidate:${editable}`,
        language: "go",
        source: "HUMAN_EDIT",
        title: "Max.",
        changes: ["solution", "source"],
      },
    ]);
    expect(changed.nextCursor).toBeNull();
    const markdown = await call(card, "/v2/card", { slug: SLUG, tag: "v2" }, { cookie: viewer });
    expect(markdown.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    const text = await markdown.text();
    expect(text).toContain("# Fixture api-versions — v2");
    expect(text).not.toContain("curator@versions.test"); // published with the data: it names no person
  });

  it("takes unreviewed items only when asked, and browses and compares a version's records page by page", async () => {
    const all = await call(create, "", { slug: SLUG }, { body: { tag: "all", includeUnreviewed: true } });
    expect(all.status).toBe(201);
    const { version } = (await all.json()) as { version: VersionSummary };
    expect(version).toMatchObject({ itemCount: 4, filters: { includeUnreviewed: true } });
    const shown = VersionDetail.parse(await (await call(detail, "/all", { slug: SLUG, tag: "all" })).json());
    expect(shown.statistics!.provenance.review).toEqual({ accepted: 3, unreviewed: 1 });

    const page = async (query: string) =>
      VersionItemsPage.parse(await (await call(items, `/all/items?${query}`, { slug: SLUG, tag: "all" }, { cookie: viewer })).json());
    const first = await page("limit=2");
    const second = await page(`limit=2&cursor=${first.nextCursor}`);
    expect(first.items.map((i) => i.position)).toEqual([0, 1]);
    expect(second.items.map((i) => i.position)).toEqual([2, 3]);
    expect(second.nextCursor).toBeNull();
    expect((await page("language=rust")).items).toEqual([
      {
        position: 3,
        itemKey: `seed:${unreviewedSeed}`,
        source: "DS2",
        language: "rust",
        instruction: "Add.\nTwo numbers.",
        solution: "a + b",
        tests: null,
        score: 3.5,
        verified: false,
      },
    ]);
    expect((await page("tests=present")).items.map((i) => i.source).sort()).toEqual(["DS3", "HUMAN_EDIT"]);
    expect((await page("tests=absent&source=DS1")).items.map((i) => i.instruction)).toEqual(["Reverse a string."]);
    expect((await page("minScore=4&verified=false")).items.map((i) => i.instruction)).toEqual(["Reverse a string."]);

    const compared = VersionDiff.parse(await (await call(diff, "/all/diff?against=v2&kind=added", { slug: SLUG, tag: "all" })).json());
    expect(compared.items).toEqual([
      { kind: "added", itemKey: `seed:${unreviewedSeed}`, language: "rust", source: "DS2", title: "Add.", changes: [] },
    ]);
  });

  it("answers bad input with a clear error and a code", async () => {
    const expectError = async (response: Promise<Response>, status: number, code: string, message: RegExp) => {
      const r = await response;
      expect(r.status).toBe(status);
      expect(await r.json()).toEqual({ error: { code, message: expect.stringMatching(message) } });
    };
    await call(create, "", { slug: SLUG }, { body: { tag: "taken" } });
    await expectError(call(create, "", { slug: SLUG }, { body: { tag: "taken" } }), 409, "CONFLICT", /^version taken already exists$/);
    await expectError(
      call(create, "", { slug: SLUG }, { body: { tag: "no spaces please" } }),
      400,
      "BAD_REQUEST",
      /Invalid version: tag: a tag is/,
    );
    await expectError(call(create, "", { slug: SLUG }, { body: { tag: "x", sources: ["DS9"] } }), 400, "BAD_REQUEST", /sources/);
    for (const minAgreeingDecisions of [0, 11, 1.5, "2"])
      await expectError(
        call(create, "", { slug: SLUG }, { body: { tag: "x", minAgreeingDecisions } }),
        400,
        "BAD_REQUEST",
        /minAgreeingDecisions/,
      );
    await expectError(
      call(create, "", { slug: SLUG }, { body: { tag: "x", includeContaminated: "yes" } }),
      400,
      "BAD_REQUEST",
      /includeContaminated/,
    );
    await expectError(
      call(create, "", { slug: SLUG }, { body: { tag: "none", languages: ["cobol"] } }),
      400,
      "BAD_REQUEST",
      /No item matches/,
    );
    await expectError(call(create, "", { slug: SLUG }, { cookie: viewer, body: { tag: "mine" } }), 403, "FORBIDDEN", /./);
    await expectError(call(detail, "/nope", { slug: SLUG, tag: "nope" }), 404, "NOT_FOUND", /No version "nope"/);
    await expectError(call(diff, "/taken/diff", { slug: SLUG, tag: "taken" }), 400, "BAD_REQUEST", /against/);
    await expectError(call(diff, "/taken/diff?against=nope", { slug: SLUG, tag: "taken" }), 404, "NOT_FOUND", /No version "nope"/);
    for (const [query, field] of [
      ["source=DS9", /source: one of DS1, DS2, DS3, HUMAN_EDIT, IMPORTED/],
      ["minScore=lots", /minScore: a number/],
      ["tests=maybe", /tests: present or absent/],
      ["verified=yes", /verified: true or false/],
      ["limit=5000", /limit/],
      ["cursor=-1", /cursor/],
    ] as const)
      await expectError(call(items, `/taken/items?${query}`, { slug: SLUG, tag: "taken" }), 400, "BAD_REQUEST", field);
    await expectError(call(items, "/nope/items", { slug: SLUG, tag: "nope" }), 404, "NOT_FOUND", /No version "nope"/);
    await expectError(call(diff, "/taken/diff?against=taken&kind=moved", { slug: SLUG, tag: "taken" }), 400, "BAD_REQUEST", /kind/);
    expect(await db.datasetVersion.count({ where: { tag: { in: ["none", "mine", "x"] } } })).toBe(0);
  });
});
