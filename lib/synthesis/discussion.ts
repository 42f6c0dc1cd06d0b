import "server-only";
import type { Db, Prisma } from "@/lib/db/client";
import { offerToMemory } from "@/lib/agents/memory-store";
import {
  correctionPrompt,
  critiquePrompt,
  discussionPrompt,
  judgePrompt,
  revisePrompt,
  scorerPrompt,
  type AgentPersona,
  type Messages,
  type PromptSample,
} from "@/lib/agents/prompts";
import { formatReflection, reflectionFromScores, type Reflection } from "@/lib/agents/reflection";
import type { SynthesisServices } from "@/lib/synthesis/services";
import type { AgentSampleOutput, AgentTask, CritiqueOutput, JudgeOutput, ScorerOutput } from "@/lib/llm/contracts";
import { pickEvolutionOperation } from "@/lib/agents/evolution";
import type { LlmRoleName } from "@/lib/model-roles";
import type { Language } from "@/lib/languages";
import { CONTRACTS, type Contract } from "@/lib/llm/parse";
import type { CallResult } from "@/lib/llm/gateway";
import { hash32, seededRandom } from "@/lib/random";
import { ItemFailure, isUnusableAnswer, RunCancelled } from "@/lib/synthesis/items";
import { callRole } from "@/lib/synthesis/roles";
import { TurnLog, type TurnRow } from "@/lib/synthesis/turn-log";
import { statusSql, type LivePublisher } from "@/lib/live/publisher";
import type { ProjectSettings } from "@/lib/synthesis/settings";
import type { Limits } from "@/lib/sandbox/isolation";
import { prepareContaminationCheck, warmContaminationIndex } from "@/lib/quality/check-candidates";
import { appendRevision } from "@/lib/review/append-revision";
import { VERIFICATION_STATUS, verificationRecord, verificationRunData, type VerificationRecord } from "@/lib/synthesis/verification";

/**
 * Stage 5: one discussion, as an event log. Every prompt sent is a PROMPT turn and every answer a
 * turn of its kind (PROPOSAL, CRITIQUE, REVISION, FINAL, SCORE), keyed by (discussion, seq). The
 * log is the discussion's state: run again after a crash, it replays the turns it has (their
 * answers are reused, never re-bought), sends a stored prompt that got no answer, and goes on.
 * Token deltas stream over the live channel while an answer is being written.
 *
 * Real models sometimes answer something unusable. A critique, revision, final version or
 * self-correction that stays unusable after the gateway's repair round is asked once more; if that
 * fails too, the discussion goes on without it (a critique is left out; otherwise the last valid
 * sample stands and the debate or the corrections end) and still makes its candidate. Each failed
 * answer is an ERROR turn; what was given up is said on the retry's ERROR turn and in the note of
 * the candidate's first revision. A failed proposal or score, or a transport failure, fails the item.
 *
 * The proposal asks for one evolution operation, drawn per discussion (Evol-Instruct), unless the
 * settings list them all. After the score, the scorer judges the evolution against the sample it
 * came from (JUDGEMENT); one no harder or no different is eliminated (an ELIMINATED turn): the
 * discussion ends without a candidate or a memory offer.
 */

type AgentRow = { id: string; language: string; profile: string; evolutionOperations: string[]; seedSampleId: string | null };
type Sample = AgentSampleOutput;

function persona(agent: AgentRow): AgentPersona {
  return { language: agent.language, profile: agent.profile, evolutionOperations: agent.evolutionOperations };
}

export async function runDiscussion({
  db,
  services,
  discussionId,
  settings,
  signal,
}: {
  db: Db;
  services: SynthesisServices;
  discussionId: string;
  /** The run's protocol settings (verification and self-correction). */
  settings: ProjectSettings;
  signal?: AbortSignal;
}): Promise<void> {
  const discussion = await loadDiscussion(db, discussionId);
  if (!discussion) throw new ItemFailure("the discussion was deleted");
  if (discussion.status === "SUCCEEDED") return;
  // Ended by an earlier attempt whose worker died before its item settled: the item fails as the discussion did, not DONE.
  if (discussion.status === "CANCELLED") throw new RunCancelled();
  if (discussion.status === "FAILED") throw new ItemFailure(discussion.error ?? "the discussion failed");
  // A cancelled run's discussion stops at its next turn boundary (what is stored stays stored): the
  // log checks the run's status there (TurnLog.checkpoint), read with the statements it sends anyway.
  const runId = discussion.runId;
  let runStatus = discussion.runStatus ?? undefined;
  if (discussion.status !== "RUNNING") {
    const [started] = await db.$queryRaw<{ runStatus: string | null }[]>`
      with started as (update discussions set status = 'RUNNING', started_at = now(), updated_at = now() where id = ${discussionId}::uuid),
      ${statusSql(discussionId, "RUNNING")}
      select r.status::text as "runStatus" from notified left join synthesis_runs r on r.id = ${runId}::uuid`;
    runStatus = started?.runStatus ?? undefined;
  }
  warmContaminationIndex(settings);
  const agents: AgentRow[] = discussion.agents;
  // The main agent speaks first; in parallel mode the first agent writes the group's sample.
  agents.sort((a, b) => Number(b.id === discussion.mainAgentId) - Number(a.id === discussion.mainAgentId));
  const author = agents[0];
  if (!author) throw new ItemFailure("the discussion has no participants");
  const target = discussion.targetLanguage;
  // Evol-Instruct: one operation per discussion, or (setting "all") every one the agent has.
  const operation =
    settings.agents.operationsPerDiscussion === "one" ? pickEvolutionOperation(discussionId, author.evolutionOperations) : null;
  const log = new TurnLog(db, services, discussionId, discussion.turns, runId ? { id: runId, status: runStatus } : null);
  const ask =
    <T>(role: LlmRoleName, task: AgentTask | undefined, contract: Contract<T>, language: string) =>
    (messages: Messages, onToken: (delta: string) => void): Promise<{ value: T; result: CallResult }> =>
      callRole(db, services, contract, {
        projectId: discussion.projectId,
        runId: discussion.runId ?? undefined,
        role,
        task,
        stage: "discussion",
        language,
        messages,
        onToken,
        signal,
        context: { language: target as Language },
        recordWithStep: true,
      });
  const checkLanguage = (sample: Sample): Sample => {
    if (sample.language !== target)
      throw new ItemFailure(`the agent wrote ${sample.language} where ${target} was asked for`, JSON.stringify(sample));
    return sample;
  };

  // Propose: the paper's one-call discussion (Fig. 3).
  let sample = checkLanguage(
    await log.step<Sample>(
      "propose",
      { kind: "PROPOSAL", agentId: author.id, language: target, round: 0 },
      () => renderProposal(db, discussionId, discussion.mode, author, agents, target, operation),
      ask("agent", "propose", CONTRACTS.agentSample, target),
    ),
  );

  // What the discussion did without an answer that stayed unusable: goes into the candidate's first revision note.
  const notes: string[] = [];
  /**
   * A step whose answer may come back unusable (BadOutput, Truncated after the gateway's repair
   * round): asked once more as a step of its own (`<step>:retry`, a fresh call), then given up on,
   * undefined. Both failures are ERROR turns; the retry's says what happens next. Replay reaches the
   * same result from the log without paying again. Any other failure fails the item, as before.
   */
  const twice = async <T>(
    step: string,
    meta: Parameters<TurnLog["step"]>[1],
    render: () => Promise<{ messages: Messages }>,
    call: (messages: Messages, onToken: (delta: string) => void) => Promise<{ value: T; result: CallResult }>,
    giveUp: string,
  ): Promise<T | undefined> => {
    for (const [name, options] of [
      [step, {}],
      [`${step}:retry`, { giveUp }],
    ] as const) {
      try {
        return await log.step<T>(name, meta, render, call, options);
      } catch (error) {
        if (!isUnusableAnswer(error)) throw error;
        if (name !== step) notes.push(`${giveUp} (${error.message.slice(0, 300)})`);
      }
    }
    return undefined;
  };

  // Debate (beyond the paper): the others critique, the author revises; the last revision is final.
  // A critique unusable twice is left out; a revision unusable twice ends the debate with the last
  // valid sample, as does a round without a single usable critique.
  if (discussion.debate) {
    const critics = agents.length > 1 ? agents.slice(1) : agents;
    for (let round = 1; round <= discussion.maxRounds; round++) {
      const draft: PromptSample = sample;
      const critiques: string[] = [];
      for (const critic of critics) {
        const critiqued = await twice<CritiqueOutput>(
          `critique:${round}:${critic.id}`,
          { kind: "CRITIQUE", agentId: critic.id, language: critic.language, round },
          async () => ({ messages: critiquePrompt({ critic: persona(critic), draft }) }),
          ask("agent", "critique", CONTRACTS.critique, target),
          `round ${round}: the critique by agent ${agents.indexOf(critic) + 1} (${critic.language}) was unusable twice and is left out`,
        );
        if (critiqued) critiques.push([critiqued.critique, ...critiqued.issues.map((issue) => `- ${issue}`)].join("\n"));
      }
      if (!critiques.length) {
        notes.push(
          `round ${round}: no usable critique, so the debate ended with the ${round === 1 ? "proposal" : `revision of round ${round - 1}`}`,
        );
        break;
      }
      const final = round === discussion.maxRounds;
      const revised = await twice<Sample>(
        `${final ? "final" : "revise"}:${round}`,
        { kind: final ? "FINAL" : "REVISION", agentId: author.id, language: target, round },
        async () => ({ messages: revisePrompt({ author: persona(author), draft, critiques, final }) }),
        ask("agent", final ? "final" : "revise", CONTRACTS.agentSample, target),
        `round ${round}: the ${final ? "final version" : "revision"} was unusable twice; the debate ends with the ${round === 1 ? "proposal" : `revision of round ${round - 1}`}`,
      );
      if (!revised) break;
      sample = checkLanguage(revised);
      await db.discussion.update({ where: { id: discussionId }, data: { round } });
    }
  }

  // Beyond the paper: run the code against its tests; on failure the author corrects it (bounded).
  // A correction unusable twice ends the corrections: the last version stands with its verdict.
  const attempts: Attempt[] = [{ sample }];
  if (settings.verification.enabled) {
    const limits = settings.verification.limits[target as Language] ?? {};
    for (let round = 0; ; round++) {
      const current = attempts.at(-1)!;
      const verdict = await log.record<VerificationRecord>(
        `verify:${round}`,
        { kind: "VERIFICATION", agentId: null, language: target, round },
        async () => {
          const record = await verifySample(services, current.sample, limits);
          return { value: record, content: describeVerification(record) };
        },
      );
      current.verification = verdict;
      if (verdict.status === "pass" || verdict.status === "skipped" || round >= settings.verification.correctionRounds) break;
      const draft: PromptSample = current.sample;
      const corrected = await twice<Sample>(
        `correct:${round + 1}`,
        { kind: "CORRECTION", agentId: author.id, language: target, round: round + 1 },
        async () => ({
          messages: correctionPrompt({
            author: persona(author),
            draft,
            failure: { status: verdict.status, reason: verdict.reason, output: verdict.stderr || verdict.stdout },
          }),
        }),
        ask("agent", "correct", CONTRACTS.agentSample, target),
        `self-correction ${round + 1} was unusable twice; the version that ${verdict.status === "fail" ? "failed its tests" : `ended in ${verdict.status}`} stands`,
      );
      if (!corrected) break;
      attempts.push({ sample: checkLanguage(corrected) });
    }
    sample = attempts.at(-1)!.sample;
  }

  // Reflection: the 9-aspect scorer on the result.
  const aspects = await log.step<ScorerOutput>(
    "score",
    { kind: "SCORE", agentId: null, language: target, round: discussion.debate ? discussion.maxRounds : 0 },
    async () => ({ messages: scorerPrompt({ instruction: sample.instruction, solution: sample.solution }) }),
    ask("scorer", undefined, CONTRACTS.scores, target),
  );
  const reflection: Reflection = { ...reflectionFromScores(aspects), tests: testsSummary(attempts) };
  const proposal = await proposalFacts(db, log.firstPromptPayload(), agents);

  // Elimination (Evol-Instruct): the scorer compares the evolution with the author's contribution,
  // the sample it was evolved from; one no harder or no different is dropped. A judgement unusable
  // twice keeps the sample, with a note.
  if (settings.agents.eliminate && proposal.source) {
    const source = proposal.source;
    const scoreRound = discussion.debate ? discussion.maxRounds : 0;
    const judged = await twice<JudgeOutput>(
      "judge",
      { kind: "JUDGEMENT", agentId: null, language: target, round: scoreRound },
      async () => ({ messages: judgePrompt({ source, evolved: sample, operation: proposal.operation }) }),
      ask("scorer", "judge", CONTRACTS.judge, target),
      "the elimination check was unusable twice; the evolution is kept without it",
    );
    if (judged && !(judged.harder && judged.different)) {
      await log.record("eliminate", { kind: "ELIMINATED", agentId: null, language: target, round: scoreRound }, async () => ({
        value: judged,
        content: eliminationNote(judged),
      }));
      services.live.statusChanging(discussionId, "SUCCEEDED");
      await db.$executeRaw`
        with ended as (
          update discussions set status = 'SUCCEEDED', finished_at = now(), error = null, updated_at = now()
          where id = ${discussionId}::uuid and status = 'RUNNING'
        ),
        ${statusSql(discussionId, "SUCCEEDED")}
        select from notified`;
      return;
    }
  }
  await finish({
    db,
    discussionId,
    projectId: discussion.projectId,
    mode: discussion.mode,
    planRound: discussion.planRound,
    author,
    agents,
    target,
    attempts,
    aspects,
    reflection,
    notes,
    evolutionOperation: proposal.operation,
    seeds: proposal.seeds,
    live: services.live,
  });
}

/** Each participant contributes one sample picked at random from its memory (§2.4). */
async function renderProposal(
  db: Db,
  discussionId: string,
  mode: "CENTRALIZED" | "PARALLEL",
  author: AgentRow,
  agents: AgentRow[],
  target: string,
  operation: string | null,
) {
  // Every participant's memory in one statement, each in id order (the order the seeded pick indexes).
  const stored = await db.$queryRaw<MemoryRow[]>`
    select id::text, agent_id::text as "agentId", language, instruction, solution, score, reflection
      from memory_items where agent_id = any(${agents.map((agent) => agent.id)}::uuid[]) and status = 'IN_MEMORY'
     order by id`;
  const contributions = [];
  for (const [i, agent] of agents.entries()) {
    const memory = stored.filter((item) => item.agentId === agent.id);
    if (!memory.length) throw new ItemFailure(`agent ${agent.id} (${agent.language}) has an empty memory`);
    const random = seededRandom(hash32(discussionId, agent.id));
    const picked = memory[Math.floor(random() * memory.length)]!;
    contributions.push({
      agentLabel: `Agent ${i + 1} (${agent.language})`,
      agentId: agent.id,
      memoryItemId: picked.id,
      language: picked.language,
      instruction: picked.instruction,
      solution: picked.solution,
    });
  }
  // Best first, ties in id order (stable sort of the id-ordered rows).
  const memory = stored.filter((item) => item.agentId === author.id).sort((a, b) => b.score - a.score);
  const { messages } = discussionPrompt({
    agent: persona(author),
    memory: memory.map((item) => ({
      language: item.language,
      instruction: item.instruction,
      solution: item.solution,
      reflection: formatReflection(item.reflection as unknown as Reflection),
    })),
    mode,
    contributions,
    targetLanguage: target,
    operation,
  });
  return {
    messages,
    // Not the blocks: they are the messages again (stored once, with the turn's prompt).
    extra: {
      contributions: contributions.map(({ agentId, memoryItemId }) => ({ agentId, memoryItemId })),
      // The [Memory] block's samples, in its order (Sample 1 first): what the author's memory held when asked.
      memoryItemIds: memory.map((item) => item.id),
      evolutionOperation: operation,
    },
  };
}

/**
 * The discussion with its participants (in agent id order), its log (turns in order, each PROMPT turn
 * with its messages) and its run's status, in one statement.
 */
async function loadDiscussion(db: Db, discussionId: string) {
  const [row] = await db.$queryRaw<
    {
      projectId: string;
      mode: "CENTRALIZED" | "PARALLEL";
      debate: boolean;
      maxRounds: number;
      mainAgentId: string | null;
      targetLanguage: string;
      runId: string | null;
      planRound: number;
      status: string;
      error: string | null;
      runStatus: string | null;
      agents: AgentRow[];
      turns: TurnRow[];
    }[]
  >`
    select d.project_id::text as "projectId", d.mode::text as mode, d.debate, d.max_rounds as "maxRounds",
           d.main_agent_id::text as "mainAgentId", d.target_language as "targetLanguage", d.run_id::text as "runId",
           d.plan_round as "planRound", d.status::text as status, d.error, r.status::text as "runStatus",
           coalesce((select json_agg(json_build_object('id', a.id, 'language', a.language, 'profile', a.profile,
                                                       'evolutionOperations', a.evolution_operations, 'seedSampleId', a.seed_sample_id)
                                     order by a.id)
                       from discussion_participants p join agents a on a.id = p.agent_id where p.discussion_id = d.id), '[]') as agents,
           coalesce((select json_agg(json_build_object('seq', t.seq, 'kind', t.kind, 'payload', t.payload,
                                                       'prompt', case when pr.id is not null then json_build_object('messages', pr.messages) end)
                                     order by t.seq)
                       from turns t left join prompts pr on pr.id = t.prompt_id where t.discussion_id = d.id), '[]') as turns
      from discussions d left join synthesis_runs r on r.id = d.run_id
     where d.id = ${discussionId}::uuid`;
  return row;
}

type MemoryRow = {
  id: string;
  agentId: string;
  language: string;
  instruction: string;
  solution: string;
  score: number;
  reflection: Prisma.JsonValue;
};

/**
 * What the stored proposal prompt says (the log, not today's settings: a replayed discussion keeps
 * what it asked): its evolution operation and the author's contribution, the sample it evolved; and
 * the seeds behind the contributions (a seed's own id, or the seeds of the candidate it came from),
 * the candidate's provenance. One statement.
 */
async function proposalFacts(
  db: Db,
  payload: Prisma.JsonValue | undefined,
  agents: AgentRow[],
): Promise<{ operation: string | null; source: PromptSample | null; seeds: string[] }> {
  const prompt = payload as { evolutionOperation?: string | null; contributions?: { memoryItemId: string }[] } | null | undefined;
  const picked = (prompt?.contributions ?? []).map((c) => c.memoryItemId);
  const seeds = new Set(agents.map((agent) => agent.seedSampleId).filter((id): id is string => id !== null));
  let source: PromptSample | null = null;
  if (picked.length) {
    const [row] = await db.$queryRaw<{ source: PromptSample | null; seeds: string[] }[]>`
      select (select json_build_object('language', m.language, 'instruction', m.instruction, 'solution', m.solution)
                from memory_items m where m.id = ${picked[0]}::uuid) as source,
             array(select e.seed_sample_id::text from memory_events e
                    where e.memory_item_id = any(${picked}::uuid[]) and e.kind = 'INSERTED' and e.seed_sample_id is not null
                   union
                   select cs.seed_sample_id::text from memory_items m join candidate_seeds cs on cs.candidate_id = m.candidate_id
                    where m.id = any(${picked}::uuid[])) as seeds`;
    source = row?.source ?? null;
    for (const seed of row?.seeds ?? []) seeds.add(seed);
  }
  return { operation: prompt?.evolutionOperation ?? null, source, seeds: [...seeds] };
}

function eliminationNote(judged: JudgeOutput): string {
  const failed = [!judged.harder && "no harder", !judged.different && "no different"].filter(Boolean).join(" and ");
  return `Eliminated: the evolution is ${failed} than its source (${judged.reason}). No candidate and no memory offer.`;
}

/** The candidate, its first revision, its provenance and the memory offers: all or nothing. */
async function finish({
  db,
  discussionId,
  projectId,
  mode,
  planRound,
  author,
  agents,
  target,
  attempts,
  aspects,
  reflection,
  notes,
  evolutionOperation,
  seeds,
  live,
}: {
  db: Db;
  discussionId: string;
  projectId: string;
  mode: "CENTRALIZED" | "PARALLEL";
  planRound: number;
  author: AgentRow;
  agents: AgentRow[];
  target: string;
  attempts: Attempt[];
  aspects: ScorerOutput;
  reflection: Reflection;
  /** What the discussion did without answers that stayed unusable (kept on the first revision). */
  notes: string[];
  evolutionOperation: string | null;
  /** The seeds behind the contributions (proposalFacts): the candidate's provenance. */
  seeds: string[];
  live: LivePublisher;
}): Promise<void> {
  const sample = attempts.at(-1)!.sample;
  await prepareContaminationCheck(db, projectId);
  await db.$transaction(async (tx) => {
    const current = await tx.discussion.findUniqueOrThrow({ where: { id: discussionId }, select: { status: true } });
    if (current.status === "SUCCEEDED") return;
    const candidate = await tx.candidate.create({
      data: {
        projectId,
        discussionId,
        authorAgentId: author.id,
        language: target,
        sourceLanguage: author.language,
        evolutionOperation,
        totalScore: reflection.total,
        scores: aspects as Prisma.InputJsonValue,
      },
    });
    // The agent's original is revision 1; each self-correction is the next, each with its run. The
    // candidate's test status ends as its last revision's (PENDING when the sandbox did not run it).
    let parent: { id: string; number: number } | null = null;
    for (const [i, attempt] of attempts.entries()) {
      const verdict = attempt.verification;
      const run = verdict && verdict.status !== "skipped" ? { ...verdict, status: verdict.status } : undefined;
      parent = await appendRevision(tx, {
        candidateId: candidate.id,
        parent,
        author: { kind: "AGENT" },
        instruction: attempt.sample.instruction,
        solution: attempt.sample.solution,
        tests: attempt.sample.tests,
        note:
          i === 0
            ? [`discussion ${discussionId} (${mode.toLowerCase()})`, ...notes].join("; ")
            : `self-correction round ${i} after: ${attempts[i - 1]!.verification!.reason.slice(0, 300)}`,
        verificationStatus: run ? VERIFICATION_STATUS[run.status] : "PENDING",
      });
      if (run) await tx.verificationRun.create({ data: verificationRunData(candidate.id, parent.id, target, i, run) });
    }
    if (seeds.length)
      await tx.candidateSeed.createMany({ data: seeds.map((seedSampleId) => ({ candidateId: candidate.id, seedSampleId })) });
    // The author remembers what it wrote; in a parallel discussion every participant authored it.
    // Locks are taken in id order, so two discussions sharing agents cannot deadlock.
    const authors = mode === "CENTRALIZED" ? [author] : [...agents].sort((a, b) => a.id.localeCompare(b.id));
    for (const agent of authors) {
      await offerToMemory(tx, agent.id, {
        language: target,
        instruction: sample.instruction,
        solution: sample.solution,
        reflection,
        candidateId: candidate.id,
        origin: `discussion ${discussionId}`,
        cause: { discussionId, round: planRound },
      });
    }
    // The status notification rides on the update and is sent when the transaction commits.
    live.statusChanging(discussionId, "SUCCEEDED");
    await tx.$executeRaw`
      with ended as (
        update discussions set status = 'SUCCEEDED', finished_at = now(), error = null, updated_at = now() where id = ${discussionId}::uuid
      ),
      ${statusSql(discussionId, "SUCCEEDED")}
      select from notified`;
  });
}

/** One version of the sample and how its tests went. */
interface Attempt {
  sample: Sample;
  verification?: VerificationRecord;
}

async function verifySample(services: SynthesisServices, sample: Sample, limits: Partial<Limits>): Promise<VerificationRecord> {
  const startedAt = new Date().toISOString();
  const status = services.sandbox.status();
  if (!status.ok)
    return {
      status: "skipped",
      reason: `not verified: ${status.reason}`,
      exitCode: null,
      stdout: "",
      stderr: "",
      durationMs: 0,
      toolchain: null,
      startedAt,
      finishedAt: startedAt,
    };
  const result = await services.sandbox.verify({ language: sample.language, code: sample.solution, tests: sample.tests }, { limits });
  return verificationRecord(result, startedAt);
}

function describeVerification(record: VerificationRecord): string {
  if (record.status === "skipped") return record.reason;
  return `${record.status}: ${record.reason} (${(record.durationMs / 1000).toFixed(1)} s, ${record.toolchain ?? "unknown toolchain"})`;
}

/** The reflection's line on the tests: what the next prompt learns from the sandbox. */
function testsSummary(attempts: Attempt[]): string | undefined {
  const last = attempts.at(-1)!.verification;
  if (!last || last.status === "skipped") return undefined;
  const corrections = attempts.length - 1;
  const after = corrections ? ` after ${corrections} self-correction${corrections === 1 ? "" : "s"}` : "";
  return last.status === "pass" ? `pass${after}` : `${last.status}${after}: ${last.reason.slice(0, 200)}`;
}

/** A discussion that cannot finish: its log keeps what happened, the reason goes on the row. */
export async function failDiscussion(
  db: Db,
  services: SynthesisServices,
  discussionId: string,
  reason: string,
  status: "FAILED" | "CANCELLED" = "FAILED",
): Promise<void> {
  await db.discussion.updateMany({
    where: { id: discussionId, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status, error: reason.slice(0, 4000), finishedAt: new Date() },
  });
  services.live.event({ type: "status", discussionId, status });
}
