import type { Db } from "@/lib/db/client";
import { createHash } from "node:crypto";
import { ensureSeedItem } from "@/lib/synthesis/seed-items";

/**
 * Hand-countable fixtures for the dataset-version tests (test code only): a project with accepted,
 * pending and rejected candidates (one edited by a person), kept and dropped seed pairs with their
 * snippets (a kept one is a reviewable item, as the seed stage makes it), verifier DPO pairs, role
 * bindings and model calls.
 */

export async function fixtureProject(db: Db, slug: string): Promise<{ projectId: string }> {
  const project = await db.project.create({
    data: { slug, name: `Fixture ${slug}`, languages: ["python", "rust"], settings: { memory: { capacity: 4 } } },
  });
  const profile = await db.endpointProfile.create({
    data: { name: `${slug}-endpoint`, baseUrl: "http://127.0.0.1:1/v1", model: "scripted-7b" },
  });
  await db.projectRoleBinding.create({ data: { projectId: project.id, role: "AGENT", endpointProfileId: profile.id } });
  await db.projectRoleBinding.create({ data: { projectId: project.id, role: "SCORER", endpointProfileId: profile.id } });
  await db.llmCall.create({ data: { projectId: project.id, role: "AGENT", model: "scripted-7b", stage: "discussion", latencyMs: 10 } });
  await db.llmCall.create({ data: { projectId: project.id, role: "AGENT", model: "scripted-7b", stage: "discussion", latencyMs: 12 } });
  return { projectId: project.id };
}

export async function fixtureSeed(
  db: Db,
  projectId: string,
  {
    language,
    kind,
    status = "KEPT",
    score,
    instruction,
    solution,
    repo = "acme/tools",
    license = "MIT",
    review = "PENDING",
    item = true,
  }: {
    language: string;
    kind: "DS1" | "DS2";
    status?: "KEPT" | "DROPPED";
    score: number;
    instruction: string;
    solution: string;
    repo?: string;
    license?: string | null;
    /** The seed item's review decision (a kept seed only). */
    review?: "ACCEPTED" | "REJECTED" | "PENDING";
    /** false: a seed kept before seeds were items (what the backfill migration finds). */
    item?: boolean;
  },
): Promise<{ seedId: string; itemId: string | null }> {
  const code = `${solution}\n// ${instruction}`;
  const snippet = await db.snippet.create({
    data: {
      projectId,
      code,
      language,
      contentHash: createHash("sha256").update(code).digest("hex"),
      tokenCount: 10,
      source: "GIT",
      repo,
      license,
      path: "src/x",
    },
  });
  const seed = await db.seedSample.create({
    data: { projectId, snippetId: snippet.id, kind, status, language, instruction, solution, scores: {}, totalScore: score },
  });
  if (status !== "KEPT" || !item) return { seedId: seed.id, itemId: null };
  const { candidateId } = await db.$transaction((tx) => ensureSeedItem(tx, seed));
  if (review !== "PENDING") await db.candidate.update({ where: { id: candidateId }, data: { reviewStatus: review } });
  return { seedId: seed.id, itemId: candidateId };
}

export async function fixtureCandidate(
  db: Db,
  projectId: string,
  {
    language,
    score,
    verification = "PASS",
    review = "ACCEPTED",
    instruction,
    solution,
    tests = "assert True",
    humanSolution,
    seedId,
  }: {
    language: string;
    score: number | null;
    verification?: "PASS" | "FAIL" | "PENDING";
    review?: "ACCEPTED" | "REJECTED" | "PENDING";
    instruction: string;
    solution: string;
    tests?: string;
    humanSolution?: string;
    seedId?: string;
  },
): Promise<{ candidateId: string; revisionId: string }> {
  const candidate = await db.candidate.create({
    data: { projectId, language, totalScore: score, reviewStatus: review, verificationStatus: verification },
  });
  let revision = await db.revision.create({
    data: { candidateId: candidate.id, number: 1, authorKind: "AGENT", instruction, solution, tests },
  });
  if (humanSolution !== undefined) {
    const user = await db.user.upsert({
      where: { email: "editor@fixtures.test" },
      create: { email: "editor@fixtures.test", passwordHash: "x" },
      update: {},
    });
    revision = await db.revision.create({
      data: {
        candidateId: candidate.id,
        number: 2,
        authorKind: "HUMAN",
        authorUserId: user.id,
        parentId: revision.id,
        instruction,
        solution: humanSolution,
        tests,
      },
    });
  }
  await db.candidate.update({ where: { id: candidate.id }, data: { currentRevisionId: revision.id } });
  if (seedId) await db.candidateSeed.create({ data: { candidateId: candidate.id, seedSampleId: seedId } });
  return { candidateId: candidate.id, revisionId: revision.id };
}

/** A new current revision by a person (what the review page's edit does). */
export async function editCandidate(db: Db, candidateId: string, solution: string): Promise<void> {
  const current = await db.candidate.findUniqueOrThrow({ where: { id: candidateId }, select: { currentRevision: true } });
  const previous = current.currentRevision!;
  const revision = await db.revision.create({
    data: {
      candidateId,
      number: previous.number + 1,
      authorKind: "HUMAN",
      parentId: previous.id,
      instruction: previous.instruction,
      solution,
      tests: previous.tests,
    },
  });
  await db.candidate.update({ where: { id: candidateId }, data: { currentRevisionId: revision.id } });
}

export async function fixtureVerifierPair(db: Db, projectId: string, candidateId: string, language: string): Promise<void> {
  await db.dpoPair.create({
    data: {
      projectId,
      source: "VERIFIER",
      candidateId,
      language,
      prompt: "p",
      chosen: "good",
      rejected: "bad",
      rule: "passes tests vs fails tests",
    },
  });
}
