import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/candidates/[id]/comments/route";
import { getDb } from "@/lib/db/client";
import { signedInUser } from "@/lib/testing/accounts";
import { createCandidate } from "@/lib/testing/candidates";

const cookies: Record<"ann" | "vic", string> = { ann: "", vic: "" };
let projectId = "";

const call = async (handler: typeof GET, who: keyof typeof cookies, id: string, body?: unknown) => {
  const request = new Request(`http://studio.test/api/candidates/${id}/comments`, {
    method: body === undefined ? "GET" : "POST",
    headers: { cookie: cookies[who], origin: "http://studio.test", host: "studio.test", "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const response = await handler(request, { params: Promise.resolve({ id }) });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } },
  };
};

describe("/api/candidates/:id/comments", () => {
  beforeAll(async () => {
    const db = getDb();
    projectId = (await db.project.create({ data: { slug: "comments", name: "comments", languages: [], settings: {} } })).id;
    cookies.ann = (await signedInUser(db, { email: "ann@comments.test", project: { id: projectId, role: "ANNOTATOR" } })).cookie;
    cookies.vic = (await signedInUser(db, { email: "vic@comments.test", project: { id: projectId, role: "VIEWER" } })).cookie;
  });
  afterAll(() => getDb().$disconnect());

  it("keeps a thread: a comment and a reply to it, each audited; a viewer reads it but cannot post", async () => {
    const { id } = await createCandidate(getDb(), projectId);
    const first = await call(POST, "ann", id, { body: "  Is the edge case for 0 covered?  " });
    expect(first).toMatchObject({
      status: 201,
      body: { body: "Is the edge case for 0 covered?", parentId: null, author: "ann@comments.test" },
    });
    const reply = await call(POST, "ann", id, { body: "Yes, test 3.", parentId: first.body.id });
    expect(reply).toMatchObject({ status: 201, body: { parentId: first.body.id } });

    const read = await call(GET, "vic", id);
    expect(read.status).toBe(200);
    expect((read.body.comments as { body: string; parentId: string | null }[]).map((c) => [c.body, c.parentId])).toEqual([
      ["Is the edge case for 0 covered?", null],
      ["Yes, test 3.", first.body.id],
    ]);
    expect(await call(POST, "vic", id, { body: "me too" })).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
    const events = await getDb().auditEvent.findMany({ where: { targetId: id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["candidate.comment", "candidate.comment_reply"]);
  });

  it("refuses an empty comment and a reply to another item's comment, with a clear message", async () => {
    const a = await createCandidate(getDb(), projectId);
    const b = await createCandidate(getDb(), projectId);
    expect(await call(POST, "ann", a.id, { body: "   " })).toMatchObject({ status: 400 });
    const onA = await call(POST, "ann", a.id, { body: "on a" });
    expect(await call(POST, "ann", b.id, { body: "reply", parentId: onA.body.id })).toMatchObject({
      status: 400,
      body: { error: { message: "The comment you reply to is not one of this item's comments." } },
    });
  });
});
