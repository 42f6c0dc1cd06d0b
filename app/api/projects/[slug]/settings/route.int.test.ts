import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, PATCH } from "@/app/api/projects/[slug]/settings/route";
import { getDb } from "@/lib/db/client";
import { signedInUser } from "@/lib/testing/accounts";

/** The review settings (`review.*`) through the settings route: saved as given, refused field by field. */

const base = "http://studio.test";
const SLUG = "review-settings";
let curator = "";
let annotator = "";

type Answer = {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string; fields?: Record<string, string> } };
};

async function call(handle: typeof GET, method: string, cookie: string, body?: unknown): Promise<Answer> {
  const init: RequestInit = { method, headers: { cookie, origin: base, host: "studio.test", "content-type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await handle(new Request(`${base}/api/projects/${SLUG}/settings`, init), { params: Promise.resolve({ slug: SLUG }) });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

const patch = (cookie: string, settings: unknown) => call(PATCH, "PATCH", cookie, { settings });

const rubric = [
  { id: "clarity", label: "Is the code clear?", kind: "scale", aspect: "clarity", required: true },
  { id: "issues", label: "Issues", kind: "labels", options: ["off-topic", "wrong language"], multiple: false },
  { id: "notes", label: "Notes", kind: "text", help: "Anything the labels miss." },
];

beforeAll(async () => {
  const db = getDb();
  const project = await db.project.create({ data: { slug: SLUG, name: "Review settings", languages: ["python", "rust"], settings: {} } });
  ({ cookie: curator } = await signedInUser(db, { email: "cur@review-settings.test", project: { id: project.id, role: "CURATOR" } }));
  ({ cookie: annotator } = await signedInUser(db, { email: "ann@review-settings.test", project: { id: project.id, role: "ANNOTATOR" } }));
});
afterAll(() => getDb().$disconnect());

describe("PATCH /api/projects/:slug/settings with review settings", () => {
  it("stores overlap, per-language overlap, the share and a rubric as given, and answers them with defaults filled in", async () => {
    const review = { overlap: 2, overlapByLanguage: { rust: 3 }, overlapShare: 0.1, rubric };
    const saved = await patch(curator, { preset: "xcoder-paper", review });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.storedSettings).toEqual({ preset: "xcoder-paper", review });
    // Defaults filled in: required false, multiple true; the preset sets no review key.
    expect(saved.body.settings).toMatchObject({
      review: {
        overlap: 2,
        overlapByLanguage: { rust: 3 },
        overlapShare: 0.1,
        rubric: [
          { id: "clarity", required: true, aspect: "clarity" },
          { id: "issues", multiple: false, required: false },
          { id: "notes", kind: "text", required: false },
        ],
      },
      dpo: { samples: 128 },
    });
    const read = await call(GET, "GET", annotator);
    expect(read.status).toBe(200);
    expect(read.body.storedSettings).toEqual({ preset: "xcoder-paper", review });
    const audit = await getDb().auditEvent.findFirst({ where: { action: "project.settings" }, orderBy: { createdAt: "desc" } });
    expect(audit?.after).toMatchObject({ settings: { review: { overlap: 2 } } });
  });

  it("refuses bad review settings with a message naming each field, and the same problems by field path", async () => {
    const bad = await patch(curator, {
      review: {
        overlap: 0,
        overlapByLanguage: { rust: 11, klingon: 2 },
        overlapShare: 1.5,
        rubric: [
          { id: "Clarity!", label: "Clear?", kind: "scale", aspect: "clearness" },
          { id: "tags", label: " ", kind: "labels", options: ["a", "a"] },
          { id: "why", label: "Why", kind: "essay" },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error!.code).toBe("BAD_REQUEST");
    const message = bad.body.error!.message;
    expect(message).toMatch(/^Invalid project settings: /);
    for (const path of [
      "review.overlap: ",
      "review.overlapByLanguage.rust: ",
      "review.overlapShare: ",
      "review.rubric.0.id: is 1-40 lower-case letters, digits or underscores, starting with a letter",
      "review.rubric.0.aspect: ",
      "review.rubric.1.label: ",
      "review.rubric.2.kind: ",
    ])
      expect(message).toContain(path);
    expect(message).toMatch(/review\.overlapByLanguage(\.klingon)?: /);
    const fields = bad.body.error!.fields!;
    expect(fields["review.rubric.0.id"]).toBe("is 1-40 lower-case letters, digits or underscores, starting with a letter");
    expect(Object.keys(fields)).toEqual(
      expect.arrayContaining([
        "review.overlap",
        "review.overlapByLanguage.rust",
        "review.overlapShare",
        "review.rubric.0.aspect",
        "review.rubric.1.label",
      ]),
    );
    // Nothing was stored.
    expect((await call(GET, "GET", curator)).body.storedSettings).toMatchObject({ review: { overlap: 2 } });
  });

  it("refuses a repeated question id and a repeated label, naming them", async () => {
    const twice = await patch(curator, { review: { rubric: [rubric[0], { ...rubric[0], label: "Again" }] } });
    expect(twice.status).toBe(400);
    expect(twice.body.error!.message).toContain("review.rubric: question ids used more than once: clarity");
    expect(twice.body.error!.fields).toEqual({ "review.rubric": "question ids used more than once: clarity" });
    const labels = await patch(curator, { review: { rubric: [{ ...rubric[1], options: ["a", "b", "a"] }] } });
    expect(labels.body.error!.fields).toEqual({ "review.rubric.0.options": "lists a label more than once" });
  });

  it("lets only a curator change them", async () => {
    const refused = await patch(annotator, { review: { overlap: 1 } });
    expect(refused.status).toBe(403);
    expect(refused.body.error!.message).toContain("curator");
    expect((await call(GET, "GET", curator)).body.storedSettings).toMatchObject({ review: { overlap: 2 } });
  });

  it("drops the review section when a save leaves it out, back to one annotator and no rubric", async () => {
    const cleared = await patch(curator, { preset: "xcoder-paper" });
    expect(cleared.status).toBe(200);
    expect(cleared.body.settings).toMatchObject({ review: { overlap: 1, overlapByLanguage: {}, overlapShare: 1, rubric: [] } });
  });
});
