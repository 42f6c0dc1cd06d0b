import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/candidates/[id]/revisions/route";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { isolationSupport } from "@/lib/sandbox/isolation";
import { signedInUser } from "@/lib/testing/accounts";

let cookie = "";
let candidateId = "";
let firstRevision = "";
let worker: RunningWorker | undefined;
const edit = async (body: Record<string, unknown>) => {
  const request = new Request(`http://studio.test/api/candidates/${candidateId}/revisions`, {
    method: "POST",
    headers: { cookie, origin: "http://studio.test", host: "studio.test", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const response = await POST(request, { params: Promise.resolve({ id: candidateId }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("POST /api/candidates/:id/revisions", () => {
  beforeAll(async () => {
    const db = getDb();
    const project = await db.project.create({ data: { slug: "edits", name: "edits", languages: [], settings: {} } });
    ({ cookie } = await signedInUser(db, { email: "ed@edits.test", project: { id: project.id, role: "ANNOTATOR" } }));
    const candidate = await db.candidate.create({ data: { projectId: project.id, language: "python", verificationStatus: "FAIL" } });
    const revision = await db.revision.create({
      data: {
        candidateId: candidate.id,
        number: 1,
        authorKind: "AGENT",
        instruction: "Add one.",
        solution: "def inc(x):\n    return x",
        tests: "assert inc(1) == 2",
      },
    });
    await db.candidate.update({ where: { id: candidate.id }, data: { currentRevisionId: revision.id } });
    candidateId = candidate.id;
    firstRevision = revision.id;
  });
  afterAll(async () => {
    await worker?.stop("tests done");
    await getDb().$disconnect();
  });

  it("saves an edit (solution, or instruction and tests too) as a new revision whose tests run again, and refuses a save on a stale revision", async () => {
    const saved = await edit({
      parentRevisionId: firstRevision,
      instruction: "Add one.",
      solution: "def inc(x):\n    return x + 1",
      tests: "assert inc(1) == 2",
      note: "fixed the off-by-one",
    });
    expect(saved).toMatchObject({ status: 201, body: { number: 2 } });
    const candidate = await getDb().candidate.findUniqueOrThrow({ where: { id: candidateId }, include: { currentRevision: true } });
    expect(candidate).toMatchObject({
      verificationStatus: "PENDING",
      currentRevision: { number: 2, authorKind: "HUMAN", parentId: firstRevision, solution: "def inc(x):\n    return x + 1" },
    });
    // Someone else's save on revision 1, now stale: a conflict naming what is current, nothing overwritten.
    const stale = await edit({
      parentRevisionId: firstRevision,
      instruction: "Add one.",
      solution: "def inc(x):\n    return 1 + x",
      tests: "assert inc(1) == 2",
    });
    expect(stale).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringContaining("revision 2 by ed@edits.test is current now") } },
    });
    expect(await getDb().revision.count({ where: { candidateId } })).toBe(2);
    expect(await getDb().auditEvent.count({ where: { targetId: candidateId, action: "candidate.edit" } })).toBe(1);

    // An edit of the instruction and the tests too: one new revision with all three, its tests run again.
    const current = await getDb().candidate.findUniqueOrThrow({ where: { id: candidateId }, select: { currentRevisionId: true } });
    const whole = await edit({
      parentRevisionId: current.currentRevisionId,
      instruction: "Add one to an integer.",
      solution: "def inc(x):\n    return x + 1",
      tests: "assert inc(1) == 2\nassert inc(-1) == 0",
    });
    expect(whole).toMatchObject({ status: 201, body: { number: 3 } });
    expect(await getDb().revision.findUniqueOrThrow({ where: { id: String(whole.body.id) } })).toMatchObject({
      instruction: "Add one to an integer.",
      tests: "assert inc(1) == 2\nassert inc(-1) == 0",
      parentId: saved.body.id,
    });
    expect(await getDb().candidate.findUniqueOrThrow({ where: { id: candidateId } })).toMatchObject({
      currentRevisionId: whole.body.id,
      verificationStatus: "PENDING",
    });

    if (!isolationSupport().ok) return;
    // The worker runs the edit's tests; the candidate's status follows.
    worker = await startWorker({ databaseUrl: env.DATABASE_URL!, concurrency: 2, secretKey: undefined, log: () => undefined });
    await expect
      .poll(async () => (await getDb().candidate.findUniqueOrThrow({ where: { id: candidateId } })).verificationStatus, { timeout: 60_000 })
      .toBe("PASS");
    // Revision 2's run goes on beside revision 3's (two workers), and may end after the status follows revision 3.
    await expect
      .poll(async () => getDb().verificationRun.findFirst({ where: { revisionId: String(saved.body.id) } }), { timeout: 60_000 })
      .toMatchObject({
        status: "PASS",
        toolchainVersion: expect.stringMatching(/Python/),
      });
    // The edited tests are the ones that ran for revision 3.
    await expect
      .poll(async () => (await getDb().verificationRun.findFirst({ where: { revisionId: String(whole.body.id) } }))?.status, {
        timeout: 60_000,
      })
      .toBe("PASS");
  });
});
