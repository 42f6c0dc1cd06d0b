import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { clusterProject } from "@/lib/jobs/definitions/quality";
import { refreshClusters } from "@/lib/quality/clusters";
import { enqueueClusterRefresh } from "@/lib/quality/enqueue-clusters";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const PAIRS =
  "Write a function that takes a list of integers and returns the sum of every pair of adjacent elements, " +
  "as a new list one element shorter than the input; an empty or single-element list gives an empty list.";
const PAIRS_PY =
  "def pair_sums(numbers):\n    result = []\n    for i in range(len(numbers) - 1):\n        result.append(numbers[i] + numbers[i + 1])\n    return result\n";
const PAIRS_GO =
  "func PairSums(numbers []int) []int {\n\tresult := []int{}\n\tfor i := 0; i+1 < len(numbers); i++ {\n\t\tresult = append(result, numbers[i]+numbers[i+1])\n\t}\n\treturn result\n}\n";
const VOWELS =
  "Write a function that counts how many vowels appear in a string, treating upper and lower case alike " +
  "and ignoring every character that is not a letter of the English alphabet.";
const VOWELS_PY =
  'def count_vowels(text):\n    total = 0\n    for ch in text.lower():\n        if ch in "aeiou":\n            total += 1\n    return total\n';
const PRIMES = "Write a function that returns every prime number below a given bound, in increasing order, using a sieve of Eratosthenes.";
const PRIMES_RS =
  "fn primes_below(n: usize) -> Vec<usize> {\n    let mut sieve = vec![true; n];\n    let mut out = Vec::new();\n    for i in 2..n {\n        if sieve[i] {\n            out.push(i);\n            let mut j = i * i;\n            while j < n { sieve[j] = false; j += i; }\n        }\n    }\n    out\n}\n";

async function candidate(projectId: string, language: string, instruction: string, solution: string, totalScore: number | null) {
  const created = await db.candidate.create({ data: { projectId, language, totalScore } });
  const revision = await db.revision.create({
    data: { candidateId: created.id, number: 1, authorKind: "AGENT", instruction, solution, tests: "" },
  });
  await db.candidate.update({ where: { id: created.id }, data: { currentRevisionId: revision.id } });
  return created.id;
}

async function state(projectId: string) {
  const rows = await db.candidate.findMany({ where: { projectId }, select: { id: true, clusterId: true, duplicateOfId: true } });
  return new Map(rows.map((row) => [row.id, row]));
}

describe("refreshClusters", () => {
  it("stores same-language duplicates against the best-scored, cross-lingual pairs kept, and follows edits", async () => {
    const project = await db.project.create({ data: { slug: "clusters", name: "Clusters", languages: [], settings: {} } });
    const other = await db.project.create({ data: { slug: "clusters-other", name: "Other", languages: [], settings: {} } });
    const low = await candidate(project.id, "python", PAIRS, PAIRS_PY, 3);
    const best = await candidate(
      project.id,
      "python",
      PAIRS.replace("Write a function that takes", "Implement a routine which takes"),
      PAIRS_PY.replaceAll("numbers", "values"),
      4.5,
    );
    const unscored = await candidate(project.id, "python", `${PAIRS} Do not modify the input.`, PAIRS_PY, null);
    const go = await candidate(project.id, "go", PAIRS, PAIRS_GO, 2);
    const vowels = await candidate(project.id, "python", VOWELS, VOWELS_PY, 5);
    const primes = await candidate(project.id, "rust", PRIMES, PRIMES_RS, 4);
    const primesGo = await candidate(project.id, "go", PRIMES, "func PrimesBelow(n int) []int {\n\treturn sieve(n)\n}\n", 3);
    // The same text in another project is not this project's duplicate.
    const elsewhere = await candidate(other.id, "python", PAIRS, PAIRS_PY, 5);

    const summary = await refreshClusters({ db, projectId: project.id, threshold: 0.7 });
    expect(summary).toEqual({ clusters: 2, duplicates: 2, crossLingual: 2, items: 7 });

    let rows = await state(project.id);
    const pairsCluster = rows.get(low)!.clusterId!;
    expect(pairsCluster).toBeTruthy();
    expect([best, unscored, go].map((id) => rows.get(id)!.clusterId)).toEqual([pairsCluster, pairsCluster, pairsCluster]);
    expect(rows.get(low)!.duplicateOfId).toBe(best);
    expect(rows.get(unscored)!.duplicateOfId).toBe(best);
    expect(rows.get(best)!.duplicateOfId).toBeNull();
    expect(rows.get(go)!.duplicateOfId).toBeNull(); // the same task in Go: a translation, kept
    expect(rows.get(vowels)).toMatchObject({ clusterId: null, duplicateOfId: null });
    expect(rows.get(primes)!.clusterId).toBe(rows.get(primesGo)!.clusterId);
    expect([rows.get(primes)!.duplicateOfId, rows.get(primesGo)!.duplicateOfId]).toEqual([null, null]);
    expect(await db.candidate.findUniqueOrThrow({ where: { id: elsewhere } })).toMatchObject({ clusterId: null, duplicateOfId: null });

    const clusters = await db.duplicateCluster.findMany({ where: { projectId: project.id }, orderBy: { size: "desc" } });
    expect(clusters.map(({ size, languages, crossLingual }) => ({ size, languages, crossLingual }))).toEqual([
      { size: 4, languages: ["go", "python"], crossLingual: true },
      { size: 2, languages: ["go", "rust"], crossLingual: true },
    ]);

    // A reviewer rewrites the best-scored item into another task: a new revision, and the clusters follow it.
    const edit = await db.revision.create({
      data: { candidateId: best, number: 2, authorKind: "HUMAN", instruction: VOWELS, solution: VOWELS_PY, tests: "" },
    });
    await db.candidate.update({ where: { id: best }, data: { currentRevisionId: edit.id } });
    // Run as the worker does, with the project's own threshold.
    await clusterProject.run(
      { projectId: project.id },
      { db, signal: new AbortController().signal, attempt: 1, lastAttempt: false, services: {} as never, log: () => {} },
    );

    rows = await state(project.id);
    expect(rows.get(best)!.clusterId).toBe(rows.get(vowels)!.clusterId);
    expect(rows.get(best)!.duplicateOfId).toBe(vowels); // vowels scores 5, the edited item 4.5
    expect(rows.get(unscored)!.duplicateOfId).toBe(low); // low now the best-scored of the pairs in Python
    expect(rows.get(low)!.duplicateOfId).toBeNull();
    expect(rows.get(go)!.clusterId).toBe(rows.get(low)!.clusterId);
    expect(await db.duplicateCluster.count({ where: { projectId: project.id } })).toBe(3);
    expect(await db.duplicateCluster.count({ where: { id: pairsCluster } })).toBe(0); // the old rows are replaced
  });

  it("coalesces a burst of refresh requests into one job per project", async () => {
    const project = await db.project.create({ data: { slug: "clusters-burst", name: "Burst", languages: [], settings: {} } });
    for (let i = 0; i < 3; i++) await enqueueClusterRefresh({ db, projectId: project.id });
    const queued = await db.$queryRaw<{ queued: number }[]>`
      select count(*)::int as queued from graphile_worker.jobs where task_identifier = 'quality.cluster' and key = ${`quality-cluster:${project.id}`}`;
    expect(queued).toEqual([{ queued: 1 }]);
  });
});
