import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as DISAGREEMENTS } from "@/app/api/projects/[slug]/agreement/disagreements/route";
import { GET as REPORT } from "@/app/api/projects/[slug]/agreement/route";
import { getDb, type Prisma } from "@/lib/db/client";
import { agreementReport, disagreementPage, weekOf } from "@/lib/review/agreement/report";
import { AgreementReport, DisagreementPage } from "@/lib/review/agreement/report-types";
import { cohenKappa, krippendorffAlpha, pearson, spearman } from "@/lib/review/agreement/stats";
import { signedInUser } from "@/lib/testing/accounts";
import { routeCaller } from "@/lib/testing/route-call";

/**
 * The agreement report over reviews inserted directly (kinds, rubric answers, reopenings), its
 * figures checked against values worked out by hand and through the pure statistics, and its routes.
 *
 * Python: ann and bob decide P1–P6 (κ = 0.4 by hand); go: ann, bob and cat decide G1–G4 (α = 0.389
 * by hand). A reopened decision and a curator's adjudication carry answers that would change the
 * figures if they counted.
 */

const slug = "agree";
const db = getDb();
const cookies = { viewer: "", outsider: "" };
const call = routeCaller(() => cookies.viewer);
const ids = { project: "", ann: "", bob: "", cat: "", cur: "" };
const items: Record<string, string> = {};

const rubric = [
  { id: "clarity", label: "Clarity", kind: "scale", aspect: "clarity" },
  { id: "overall", label: "Overall", kind: "scale", aspect: "total" },
  { id: "issues", label: "Issues", kind: "labels", options: ["bug", "style", "unclear"], multiple: true },
  { id: "shape", label: "Shape", kind: "labels", options: ["algo", "io"], multiple: false },
  { id: "note", label: "Note", kind: "text" },
];

const scores = (clarity: number | null) =>
  ["consistency", "relevance", "difficulty", "code_exists", "code_correctness", "clarity", "comments", "easy_to_learn", "total"].map(
    (expert) => ({ expert, score: expert === "clarity" ? clarity : 3, reason: "r" }),
  );

async function item(name: string, language: string, extra: { clarity?: number | null; totalScore?: number; status?: string } = {}) {
  const c = await db.candidate.create({
    data: {
      projectId: ids.project,
      language,
      scores: extra.clarity === undefined ? undefined : scores(extra.clarity),
      totalScore: extra.totalScore,
      reviewStatus: (extra.status ?? "PENDING") as "PENDING",
    },
  });
  const r = await db.revision.create({
    data: { candidateId: c.id, number: 1, authorKind: "AGENT", instruction: name, solution: "s", tests: "t" },
  });
  await db.candidate.update({ where: { id: c.id }, data: { currentRevisionId: r.id } });
  items[name] = c.id;
  return { id: c.id, revisionId: r.id };
}

async function decide(
  target: { id: string; revisionId: string },
  reviewerId: string,
  decision: "A" | "R",
  at: string,
  {
    rubric = null,
    kind = "ANNOTATION",
    reopened = false,
  }: { rubric?: Record<string, unknown> | null; kind?: "ANNOTATION" | "ADJUDICATION"; reopened?: boolean } = {},
) {
  const review = await db.review.create({
    data: {
      candidateId: target.id,
      revisionId: target.revisionId,
      reviewerId,
      decision: decision === "A" ? "ACCEPT" : "REJECT",
      kind,
      rubric: (rubric ?? undefined) as Prisma.InputJsonValue | undefined,
      createdAt: new Date(at),
    },
  });
  if (reopened)
    await db.reviewReopening.create({
      data: { candidateId: target.id, reviewId: review.id, reopenedById: reviewerId, reason: "changed my mind" },
    });
}

beforeAll(async () => {
  ids.project = (
    await db.project.create({ data: { slug, name: slug, languages: ["python", "go"], settings: { review: { overlap: 2, rubric } } } })
  ).id;
  await db.project.create({ data: { slug: "agree-other", name: "other", languages: [], settings: {} } });
  for (const name of ["ann", "bob", "cat", "cur"] as const)
    ids[name] = (await db.user.create({ data: { email: `${name}@agree.test`, name: name.toUpperCase(), passwordHash: "x" } })).id;
  cookies.viewer = (await signedInUser(db, { email: "viewer@agree.test", project: { id: ids.project, role: "VIEWER" } })).cookie;
  cookies.outsider = (await signedInUser(db, { email: "outsider@agree.test" })).cookie;

  // Python, week of 2026-11-02: ann A A R R A A, bob A R R R A R.
  const ann = "AARRAA";
  const bob = "ARRRAR";
  const clarity: Record<number, [number, number]> = { 1: [5, 4], 3: [2, 2], 4: [3, 1], 5: [4, 4] };
  const judged: Record<number, number> = { 1: 5, 2: 5, 3: 3, 4: 4, 5: 4, 6: 1 };
  const issues: Record<number, [string[], string[]]> = { 1: [["bug"], ["bug", "style"]], 3: [[], ["style"]], 4: [["bug"], ["bug"]] };
  for (let i = 1; i <= 6; i++) {
    const status = i === 2 ? "ACCEPTED" : i === 6 ? "DISPUTED" : ann[i - 1] === "A" ? "ACCEPTED" : "REJECTED";
    const target = await item(`P${i}`, "python", { clarity: judged[i], status });
    const [scale, picked] = [clarity[i], issues[i]];
    const answers = (who: 0 | 1) => ({
      ...(scale ? { clarity: scale[who] } : {}),
      ...(picked ? { issues: picked[who] } : {}),
      note: "free text is not measured",
    });
    if (i === 2) await decide(target, ids.ann, "R", "2026-11-02T09:00:00Z", { rubric: { clarity: 1 }, reopened: true });
    await decide(target, ids.ann, ann[i - 1] as "A", `2026-11-03T10:0${i}:00Z`, { rubric: answers(0) });
    await decide(target, ids.bob, bob[i - 1] as "A", `2026-11-04T10:0${i}:00Z`, { rubric: answers(1) });
  }
  // P2's dispute was settled by a curator (whose answers never count as an annotation); P6 awaits one.
  const p2 = await db.revision.findFirstOrThrow({ where: { candidateId: items.P2 } });
  await decide({ id: items.P2!, revisionId: p2.id }, ids.cur, "A", "2026-11-05T10:00:00Z", {
    kind: "ADJUDICATION",
    rubric: { clarity: 1 },
  });
  // P7: ann's decision was reopened, so only bob's stands: not overlapped.
  const p7 = await item("P7", "python", { clarity: 2 });
  await decide(p7, ids.ann, "A", "2026-11-03T11:00:00Z", { reopened: true, rubric: { clarity: 5 } });
  await decide(p7, ids.bob, "R", "2026-11-04T11:00:00Z");
  // P8: one annotator only (spot check share): no agreement, but a human score for the judge.
  await decide(await item("P8", "python", { clarity: 2 }), ids.ann, "A", "2026-11-03T12:00:00Z", { rubric: { clarity: 1 } });
  // P9: the scorer left clarity N/A: not paired with the humans.
  await decide(await item("P9", "python", { clarity: null }), ids.ann, "A", "2026-11-03T13:00:00Z", { rubric: { clarity: 3 } });

  // Go, week of 2026-11-09: three annotators.
  const go = ["AAA", "AAR", "RRR", "ARR"];
  for (const [i, row] of go.entries()) {
    const target = await item(`G${i + 1}`, "go", {
      totalScore: i === 0 ? 4.5 : undefined,
      status: row === "AAA" ? "ACCEPTED" : "REJECTED",
    });
    for (const [j, who] of [ids.ann, ids.bob, ids.cat].entries())
      await decide(target, who, row[j] as "A", `2026-11-1${j}T10:0${i}:00Z`, { rubric: i === 0 ? { overall: 4 } : null });
  }
});
afterAll(() => db.$disconnect());

const pythonUnits = [
  ["ACCEPT", "ACCEPT"],
  ["ACCEPT", "REJECT"],
  ["REJECT", "REJECT"],
  ["REJECT", "REJECT"],
  ["ACCEPT", "ACCEPT"],
  ["ACCEPT", "REJECT"],
] as const;
const goUnits = [
  ["ACCEPT", "ACCEPT", "ACCEPT"],
  ["ACCEPT", "ACCEPT", "REJECT"],
  ["REJECT", "REJECT", "REJECT"],
  ["ACCEPT", "REJECT", "REJECT"],
];

describe("the agreement report", () => {
  it("measures standing annotator decisions: κ for two, α for three, reopened decisions and adjudications left out", async () => {
    const report = AgreementReport.parse(await agreementReport(db, ids.project));
    const python = report.decisions.byLanguage.find((l) => l.language === "python")!;
    // Worked by hand: p_o = 4/6, p_e = 4/6·2/6 + 2/6·4/6 = 4/9, κ = (2/3 − 4/9)/(5/9) = 0.4.
    expect(python).toMatchObject({ method: "kappa", items: 6, annotators: 2, annotations: 12 });
    expect(python.value).toBeCloseTo(0.4, 10);
    expect(python.percent).toBeCloseTo(4 / 6, 10);
    const go = report.decisions.byLanguage.find((l) => l.language === "go")!;
    // By hand from the coincidence matrix (o_AA = 4, o_AR = o_RA = 2, o_RR = 4): α = 1 − (4/12)/(72/132) = 0.3889.
    expect(go).toMatchObject({ method: "alpha", items: 4, annotators: 3, annotations: 12 });
    expect(go.value).toBeCloseTo(0.38889, 4);
    expect(go.value).toBeCloseTo(krippendorffAlpha(goUnits)!, 10);
    // Pairs vary between items, so the headline is α over all ten items.
    expect(report.decisions.overall).toMatchObject({ method: "alpha", items: 10, annotators: 3 });
    expect(report.decisions.overall.value).toBeCloseTo(krippendorffAlpha([...pythonUnits, ...goUnits])!, 10);
    expect(report.counts).toEqual({ decisions: 12 + 1 + 2 + 12, overlapped: 10, disagreeing: 4, disputed: 1, adjudicated: 1 });
  });

  it("gives each pair of annotators its κ over the items both decided, by name", async () => {
    const { decisions } = await agreementReport(db, ids.project);
    expect(decisions.pairs.map((p) => [p.a.name, p.b.name, p.items])).toEqual([
      ["ANN", "BOB", 10],
      ["ANN", "CAT", 4],
      ["BOB", "CAT", 4],
    ]);
    const annBob = [...pythonUnits, ...goUnits.map((u) => [u[0]!, u[1]!] as const)];
    expect(decisions.pairs[0]!.kappa).toBeCloseTo(cohenKappa(annBob)!, 10);
    expect(decisions.pairs[1]!.kappa).toBeCloseTo(cohenKappa(goUnits.map((u) => [u[0]!, u[2]!] as [string, string]))!, 10);
  });

  it("plots one point a week by each item's later decision, and windows and filters by date and language", async () => {
    const { decisions } = await agreementReport(db, ids.project);
    expect(decisions.weekly.map((w) => [w.week, w.items, w.method])).toEqual([
      ["2026-11-02", 6, "kappa"],
      ["2026-11-09", 4, "alpha"],
    ]);
    expect(decisions.weekly[0]!.value).toBeCloseTo(0.4, 10);
    expect(weekOf(new Date("2026-11-08T23:59:59Z"))).toBe("2026-11-02");
    const late = await agreementReport(db, ids.project, { from: "2026-11-09" });
    expect(late.decisions.overall).toMatchObject({ items: 4, method: "alpha" });
    expect(late.counts.decisions).toBe(12);
    const early = await agreementReport(db, ids.project, { to: "2026-11-08" });
    expect(early.decisions.overall.items).toBe(6);
    const python = await agreementReport(db, ids.project, { language: "python" });
    expect(python.decisions.overall.method).toBe("kappa");
    expect(python.decisions.overall.value).toBeCloseTo(0.4, 10);
    await expect(agreementReport(db, ids.project, { from: "2026-11-10", to: "2026-11-01" })).rejects.toThrow(/from is after to/);
  });

  it("measures rubric scales at the interval level and each label as picked or not; text is not measured", async () => {
    const { rubric: figures } = await agreementReport(db, ids.project);
    expect(figures.map((f) => f.id)).toEqual(["clarity", "overall", "issues", "shape"]);
    const clarity = figures[0]!;
    expect(clarity.figure).toMatchObject({ method: "kappa", items: 4 });
    expect(clarity.figure!.value).toBeCloseTo(
      cohenKappa(
        [
          [5, 4],
          [2, 2],
          [3, 1],
          [4, 4],
        ],
        "quadratic",
      )!,
      10,
    );
    const issues = figures[2]!;
    expect(issues.figure).toBeNull();
    const label = (name: string) => issues.labels.find((l) => l.label === name)!.figure;
    // bug: yes/yes, no/no, yes/yes → κ = 1; style: no/yes, no/yes, no/no → p_o = p_e = 1/3 → κ = 0; unclear: never picked → undefined.
    expect(label("bug")).toMatchObject({ items: 3, value: 1 });
    expect(label("style").value).toBeCloseTo(0, 10);
    expect(label("unclear")).toMatchObject({ items: 3, value: null, percent: 1 });
    expect(figures[3]!.figure).toMatchObject({ items: 0 });
  });

  it("holds the LLM judge to the humans' mean score per item, per aspect and language", async () => {
    const { judge } = await agreementReport(db, ids.project);
    const clarity = judge.find((j) => j.aspect === "clarity" && j.language === null)!;
    // P1 4.5/5, P3 2/3, P4 2/4, P5 4/4, P8 1/2 (one annotator is enough); P9 N/A; P2 and P7 only had reopened or adjudicating answers.
    const humans = [4.5, 2, 2, 4, 1];
    const judges = [5, 3, 4, 4, 2];
    expect(clarity.n).toBe(5);
    expect(clarity.mad).toBeCloseTo(0.9, 10);
    expect(clarity.meanSigned).toBeCloseTo(0.9, 10);
    expect(clarity.pearson).toBeCloseTo(0.8722, 4);
    expect(clarity.pearson).toBeCloseTo(pearson(judges, humans)!, 10);
    expect(clarity.spearman).toBeCloseTo(spearman(judges, humans)!, 10);
    expect(clarity.trust).toBe("too-few");
    expect(judge.find((j) => j.aspect === "clarity" && j.language === "python")!.n).toBe(5);
    // "total" pairs with total_score: G1's humans 4, 4, 4 against 4.5.
    const total = judge.find((j) => j.aspect === "total" && j.language === null)!;
    expect(total).toMatchObject({ n: 1, pearson: null });
    expect(total.mad).toBeCloseTo(0.5, 10);
  });

  it("lists the items in disagreement newest first, in keyset pages, with each decision and the adjudication", async () => {
    const seen: string[] = [];
    const pages: DisagreementPage[] = [];
    let cursor: string | undefined;
    do {
      const page = DisagreementPage.parse(await disagreementPage(db, ids.project, { limit: "2", ...(cursor ? { cursor } : {}) }));
      pages.push(page);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.length).toBe(3);
    expect(seen).toEqual([items.G4, items.G2, items.P6, items.P4, items.P2]);
    const all = pages.flatMap((p) => p.items);
    const p2 = all.find((i) => i.id === items.P2)!;
    expect(p2).toMatchObject({ reviewStatus: "ACCEPTED", reasons: ["decision"], adjudication: { decision: "ACCEPT", by: "CUR" } });
    expect(p2.decisions.map((d) => [d.annotator.name, d.decision])).toEqual([
      ["ANN", "ACCEPT"],
      ["BOB", "REJECT"],
    ]);
    expect(p2.href).toBe(`/projects/${slug}/review?item=${items.P2}`);
    expect(all.find((i) => i.id === items.P4)).toMatchObject({
      reasons: ["scale"],
      decisions: [{ scores: { clarity: 3 } }, { scores: { clarity: 1 } }],
    });
    expect(all.find((i) => i.id === items.P6)).toMatchObject({ reviewStatus: "DISPUTED", adjudication: null });
    const go = await disagreementPage(db, ids.project, { language: "go" });
    expect(go.items.map((i) => i.id)).toEqual([items.G4, items.G2]);
    const late = await disagreementPage(db, ids.project, { from: "2026-11-09" });
    expect(late.items.map((i) => i.id)).toEqual([items.G4, items.G2]);
    const early = await disagreementPage(db, ids.project, { to: "2026-11-08" });
    expect(early.items.map((i) => i.id)).toEqual([items.P6, items.P4, items.P2]);
  });
});

describe("the agreement routes", () => {
  const url = `/api/projects/${slug}/agreement`;
  it("answer any member (project:read), not outsiders, and name a bad query", async () => {
    const ok = await call(REPORT, "GET", `${url}?language=go`, { slug });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(AgreementReport.parse(ok.body).decisions.overall.items).toBe(4);
    expect((await call(REPORT, "GET", url, { slug }, undefined, cookies.outsider)).status).toBe(403);
    expect((await call(REPORT, "GET", url, { slug: "nope" })).status).toBe(404);
    const bad = await call(REPORT, "GET", `${url}?from=last-week`, { slug });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "BAD_REQUEST" } } });
    expect(bad.body.error!.message).toMatch(/from: is a date, YYYY-MM-DD/);
    const list = await call(DISAGREEMENTS, "GET", `${url}/disagreements?limit=1`, { slug });
    expect(list.status).toBe(200);
    expect(DisagreementPage.parse(list.body).items.map((i) => i.id)).toEqual([items.G4]);
    const badCursor = await call(DISAGREEMENTS, "GET", `${url}/disagreements?cursor=abc`, { slug });
    expect(badCursor).toMatchObject({ status: 400, body: { error: { code: "BAD_REQUEST" } } });
    expect((await call(DISAGREEMENTS, "GET", `${url}/disagreements?limit=500`, { slug })).status).toBe(400);
  });

  it("answers an empty project with empty figures", async () => {
    const report = await agreementReport(db, (await db.project.findUniqueOrThrow({ where: { slug: "agree-other" } })).id);
    expect(report.decisions.overall).toMatchObject({ items: 0, value: null });
    expect(report).toMatchObject({ rubric: [], judge: [], decisions: { weekly: [], pairs: [] }, settings: { overlap: 1 } });
  });
});
