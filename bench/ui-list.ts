/**
 * bench:ui's review-list cases: the filters and sorts the review queue offers, each on its first page
 * and on a deep keyset page, through the studio's API, and the same query as bare SQL through pg.
 */
import type pg from "pg";

export interface ListCase {
  name: string;
  params: Record<string, string>;
}

/**
 * What the review queue page asks for (as it opens: the viewer's to-do, newest, others' claims
 * hidden; the adjudication tab's capped count), and the API's other filters and sorts.
 */
export function listCases({ seedId }: { seedId: string }): ListCase[] {
  const queue = { review: "PENDING", sort: "newest", hideClaimed: "others" };
  return [
    { name: "to do, newest (the queue as it opens)", params: { todo: "mine", sort: "newest", hideClaimed: "others" } },
    { name: "disputed, newest (the adjudication queue)", params: { review: "DISPUTED", sort: "newest" } },
    { name: "pending, newest", params: queue },
    { name: "pending python, newest", params: { ...queue, language: "python" } },
    { name: "pending, tests fail", params: { ...queue, verification: "FAIL" } },
    { name: "pending, best score first", params: { ...queue, sort: "score" } },
    { name: "all, newest", params: { sort: "newest" } },
    { name: "all, oldest", params: { sort: "oldest" } },
    { name: "rust, score ≥ 3, best first", params: { language: "rust", minScore: "3", sort: "score" } },
    { name: "from one seed", params: { seed: seedId } },
  ];
}

/** The review queue's query, written by hand: one statement, the current revision joined. */
export function bareSql(
  projectId: string,
  params: Record<string, string>,
  limit: number,
  viewerId: string,
): { text: string; values: unknown[] } {
  const values: unknown[] = [projectId];
  const where = ["c.project_id = $1"];
  const add = (sql: (n: string) => string, value: unknown) => {
    values.push(value);
    where.push(sql(`$${values.length}`));
  };
  if (params.language) add((n) => `c.language = ${n}`, params.language);
  if (params.review) add((n) => `c.review_status = ${n}::review_status`, params.review);
  if (params.verification) add((n) => `c.verification_status = ${n}::verification_status`, params.verification);
  if (params.minScore) add((n) => `c.total_score >= ${n}`, Number(params.minScore));
  if (params.seed)
    add((n) => `exists (select 1 from candidate_seeds s where s.candidate_id = c.id and s.seed_sample_id = ${n}::uuid)`, params.seed);
  if (params.todo)
    add(
      (n) =>
        `c.review_status = 'PENDING' and not exists (select 1 from reviews d where d.candidate_id = c.id and d.reviewer_id = ${n}::uuid and not exists (select 1 from review_reopenings o where o.review_id = d.id))`,
      viewerId,
    );
  if (params.hideClaimed)
    add(
      (n) => `(c.claimed_by_id is null or c.claim_expires_at is null or c.claim_expires_at <= now() or c.claimed_by_id = ${n}::uuid)`,
      viewerId,
    );
  const byScore = params.sort === "score";
  const oldest = params.sort === "oldest";
  if (params.cursor) {
    const [score, id] = params.cursor.includes(":") ? params.cursor.split(":") : [undefined, params.cursor];
    if (byScore && score !== undefined) {
      values.push(Number(score), id);
      // A row comparison: one range of the score index starting at the cursor (the API, through
      // Prisma, which cannot write one, reads the cursor's tied scores and then the lower ones).
      where.push(`(c.total_score, c.id) < ($${values.length - 1}::float8, $${values.length}::uuid)`);
    } else add((n) => `c.id ${oldest ? ">" : "<"} ${n}::uuid`, id);
  }
  return {
    text: `select c.id, c.language, c.source_language, c.review_status, c.verification_status, c.total_score, c.created_at, c.claimed_by_id, c.claim_expires_at, u.email, r.number, left(r.instruction, 300) as instruction
             from candidates c left join revisions r on r.id = c.current_revision_id left join users u on u.id = c.claimed_by_id
            where ${where.join(" and ")}
            order by ${byScore ? "c.total_score desc nulls last, c.id desc" : oldest ? "c.id asc" : "c.id desc"}
            limit ${limit + 1}`,
    values,
  };
}

/** A cursor deep in the list (`depth` rows in), as the API would have handed it out. */
export async function deepCursor(
  client: pg.Client,
  projectId: string,
  params: Record<string, string>,
  depth: number,
  viewerId: string,
): Promise<string | null> {
  const { text, values } = bareSql(projectId, params, 0, viewerId);
  const { rows } = await client.query<{ id: string; total_score: number | null }>(
    `${text.replace(/limit \d+\s*$/, "")} offset ${depth} limit 1`,
    values,
  );
  const row = rows[0];
  if (!row) return null;
  return params.sort === "score" && row.total_score !== null ? `${row.total_score}:${row.id}` : row.id;
}
