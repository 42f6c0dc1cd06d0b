/**
 * bench:ui's data, written set-based (generate_series, one statement per table) so 100 k candidates
 * with their revisions take seconds and 1 M a few minutes: a project whose candidates spread over ten
 * languages, the review states (3 % disputed), the verification outcomes and scores 1.0–5.0; every
 * decided item has its annotators' decisions (a disputed one two that disagree, every fifth pending
 * one a first decision of the bench user's, waiting for a second annotator); every tenth has a human
 * second revision; every 50th is claimed by another reviewer; each comes from one of 200 seed
 * samples. Plus a discussion with many stored turns.
 */
import pg from "pg";
import { LANGUAGES } from "@/lib/languages";

const LANGS = `array[${LANGUAGES.map((l) => `'${l}'`).join(",")}]`;

export async function seedCandidates(
  client: pg.Client,
  { projectId, userId, claimerId, count }: { projectId: string; userId: string; claimerId: string; count: number },
): Promise<void> {
  await client.query("begin");
  await client.query(
    `insert into snippets (id, project_id, code, language, content_hash, token_count, updated_at)
     select uuidv7(), $1, 'print(' || g || ')', (${LANGS})[g % 10 + 1], 'bench-' || g, 3, now() from generate_series(1, 200) g`,
    [projectId],
  );
  await client.query(
    `insert into seed_samples (id, project_id, snippet_id, kind, status, language, instruction, solution, scores, total_score, updated_at)
     select uuidv7(), project_id, id, 'DS1', 'KEPT', language, 'Print a number.', code, '[]', 4, now() from snippets where project_id = $1`,
    [projectId],
  );
  // uuidv7() is monotonic within a statement, so ids follow g (newest = highest g) like the pipeline's.
  await client.query(
    `create temp table bench_ids on commit drop as select g, uuidv7() as cid, uuidv7() as r1, uuidv7() as r2 from generate_series(1, $1::int) g`,
    [count],
  );
  // The revisions first, with their foreign key to the candidates left unchecked (replica mode skips
  // it; the candidates follow in this transaction), so the candidates are written with their current
  // revision: setting it by an update of a million rows afterwards took minutes.
  await client.query("set local session_replication_role = replica");
  const text = `'Write a function that solves task ' || g || ' in a clear, tested way; handle empty input and large values, and explain the approach in comments. ' || repeat('Details. ', 20)`;
  await client.query(
    `insert into revisions (id, candidate_id, number, author_kind, instruction, solution, tests, created_at)
     select r1, cid, 1, 'AGENT', ${text}, 'def solve(x):\n    return x  # ' || g, 'assert solve(' || g || ') == ' || g, now() from bench_ids`,
  );
  await client.query(
    `insert into revisions (id, candidate_id, number, author_kind, author_user_id, parent_id, instruction, solution, tests, created_at)
     select r2, cid, 2, 'HUMAN', $1, r1, ${text}, 'def solve(x):\n    return x  # edited ' || g, 'assert solve(' || g || ') == ' || g, now() from bench_ids where g % 10 = 0`,
    [userId],
  );
  await client.query("set local session_replication_role = origin");
  await client.query(
    `insert into candidates (id, project_id, current_revision_id, language, source_language, total_score, review_status, verification_status, claimed_by_id, claim_expires_at, created_at, updated_at)
     select cid, $1, case when g % 10 = 0 then r2 else r1 end, (${LANGS})[g % 10 + 1], (${LANGS})[(g / 10) % 10 + 1], 1 + (g * 7 % 41) / 10.0,
            (case when g % 100 < 3 then 'DISPUTED' when g % 10 < 7 then 'PENDING' when g % 10 < 9 then 'ACCEPTED' else 'REJECTED' end)::review_status,
            (case when g % 20 < 12 then 'PASS' when g % 20 < 17 then 'FAIL' when g % 20 = 17 then 'ERROR' when g % 20 = 18 then 'TIMEOUT' else 'PENDING' end)::verification_status,
            case when g % 50 = 0 then $3::uuid end, case when g % 50 = 0 then now() + interval '1 hour' end,
            now() - ($2::int - g) * interval '1 second', now()
       from bench_ids`,
    [projectId, count, claimerId],
  );
  // The annotators' decisions on the current revision: the bench user's on every decided item and on
  // every fifth pending one (so "to do" has items to leave out), the other reviewer's disagreeing on disputed ones.
  await client.query(
    `insert into reviews (id, candidate_id, revision_id, reviewer_id, decision, kind, created_at)
     select uuidv7(), c.id, c.current_revision_id, $1, (case when c.review_status = 'REJECTED' then 'REJECT' else 'ACCEPT' end)::review_decision,
            'ANNOTATION', c.created_at + interval '1 minute'
       from candidates c join bench_ids b on b.cid = c.id where c.review_status <> 'PENDING' or b.g % 5 = 0`,
    [userId],
  );
  await client.query(
    `insert into reviews (id, candidate_id, revision_id, reviewer_id, decision, kind, created_at)
     select uuidv7(), c.id, c.current_revision_id, $1, 'REJECT', 'ANNOTATION', c.created_at + interval '2 minutes'
       from candidates c where c.project_id = $2 and c.review_status = 'DISPUTED'`,
    [claimerId, projectId],
  );
  await client.query(
    `insert into candidate_seeds (id, candidate_id, seed_sample_id, updated_at)
     select uuidv7(), b.cid, s.id, now() from bench_ids b join (select id, row_number() over (order by id) - 1 as n from seed_samples where project_id = $1) s on s.n = b.g % 200`,
    [projectId],
  );
  await client.query("commit");
  await client.query("analyze snippets, seed_samples, candidates, revisions, candidate_seeds, reviews");
}

/** A finished debate with `turns` stored turns (proposals, critiques, revisions of a few hundred characters each). */
export async function seedDiscussion(
  client: pg.Client,
  { projectId, turns, status }: { projectId: string; turns: number; status: "SUCCEEDED" | "RUNNING" },
): Promise<string> {
  const {
    rows: [discussion],
  } = await client.query<{ id: string }>(
    `insert into discussions (id, project_id, mode, debate, max_rounds, target_language, status, started_at, updated_at)
     values (uuidv7(), $1, 'PARALLEL', true, 50, 'python', $2::discussion_status, now(), now()) returning id`,
    [projectId, status],
  );
  await client.query(
    `insert into turns (id, discussion_id, seq, round, kind, language, content)
     select uuidv7(), $1, g, g / 4, (array['PROPOSAL','CRITIQUE','REVISION','FINAL'])[g % 4 + 1]::turn_kind, 'python',
            'Turn ' || g || E': a proposal for the task.\n\ndef solve(items):\n    """Return the sum of the even items."""\n    return sum(x for x in items if x % 2 == 0)\n\n' || repeat('The reasoning goes on for a while. ', 12)
       from generate_series(1, $2::int) g`,
    [discussion!.id, turns],
  );
  return discussion!.id;
}
