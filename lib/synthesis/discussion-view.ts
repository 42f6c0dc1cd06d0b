import "server-only";
import type { Db } from "@/lib/db/client";
import type { Reflection } from "@/lib/agents/reflection";
import { projectUsesScriptedModel } from "@/lib/demo/scripted";
import { AppError } from "@/lib/errors";
import type { DiscussionView } from "@/lib/synthesis/discussion-view-types";

/** The most recent memory events per agent shown with a discussion (the page pages older ones later). */
const EVENTS = 200;

export async function discussionView(db: Db, discussionId: string): Promise<DiscussionView> {
  const discussion = await db.discussion.findUnique({
    where: { id: discussionId },
    include: {
      project: { select: { slug: true } },
      participants: {
        include: {
          agent: {
            include: {
              memoryItems: { where: { status: "IN_MEMORY" }, orderBy: [{ score: "desc" }, { id: "asc" }] },
              memoryEvents: { orderBy: { seq: "desc" }, take: EVENTS },
            },
          },
        },
      },
      candidates: { take: 1, include: { verificationRuns: { orderBy: { round: "asc" } } } },
    },
  });
  if (!discussion) throw new AppError("NOT_FOUND", `No discussion ${discussionId}.`);
  const promptMemory = await memoryInPrompt(db, discussionId);
  const candidate = discussion.candidates[0];
  const scriptedModel = await projectUsesScriptedModel(db, discussion.projectId);
  return {
    id: discussion.id,
    projectId: discussion.projectId,
    projectSlug: discussion.project.slug,
    mode: discussion.mode,
    debate: discussion.debate,
    scriptedModel,
    targetLanguage: discussion.targetLanguage,
    status: discussion.status,
    error: discussion.error,
    participants: discussion.participants.map(({ agent }) => ({
      agentId: agent.id,
      language: agent.language,
      main: agent.id === discussion.mainAgentId,
      memoryCapacity: agent.memoryCapacity,
      memory: agent.memoryItems.map((item) => {
        const reflection = item.reflection as unknown as Partial<Reflection>;
        const line = (r: { aspect: string; score: number; reason: string }) => `${r.aspect} ${r.score}/5: ${r.reason}`;
        return {
          id: item.id,
          language: item.language,
          instruction: item.instruction,
          score: item.score,
          status: item.status,
          merits: (reflection.merits ?? []).map(line),
          faults: (reflection.faults ?? []).map(line),
          tests: reflection.tests ?? null,
        };
      }),
      events: agent.memoryEvents.reverse().map((e) => ({
        seq: e.seq,
        kind: e.kind,
        memoryItemId: e.memoryItemId,
        similarity: e.similarity,
        reason: e.reason,
        at: e.createdAt.toISOString(),
      })),
    })),
    promptMemory,
    candidate: candidate
      ? {
          id: candidate.id,
          verificationStatus: candidate.verificationStatus,
          totalScore: candidate.totalScore,
          verifications: candidate.verificationRuns.map((v) => ({
            round: v.round,
            status: v.status,
            reason: v.reason,
            durationMs: v.durationMs,
            toolchain: v.toolchainVersion,
          })),
        }
      : null,
  };
}

/** The [Memory] samples the proposal prompt held (lib/synthesis/discussion.ts records their ids on the PROMPT turn). */
async function memoryInPrompt(db: Db, discussionId: string): Promise<DiscussionView["promptMemory"]> {
  const prompt = await db.turn.findFirst({ where: { discussionId, kind: "PROMPT" }, orderBy: { seq: "asc" }, select: { payload: true } });
  const ids = (prompt?.payload as { memoryItemIds?: string[] } | null)?.memoryItemIds ?? [];
  if (!ids.length) return [];
  const items = await db.memoryItem.findMany({
    where: { id: { in: ids } },
    select: { id: true, language: true, instruction: true, score: true, status: true },
  });
  return ids.flatMap((id) => items.filter((item) => item.id === id));
}
