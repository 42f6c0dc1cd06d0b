"use client";

import Link from "next/link";
import { memo, useReducer } from "react";
import { useDiscussion, useRefreshDiscussion } from "@/components/data/discussions";
import { applyDelta, applyTurn, dropUnfinished, type TurnText } from "@/lib/live/turn-text";
import type { TurnFrame } from "@/lib/synthesis/discussion-view-types";
import { TurnBody } from "@/components/discussion/TurnBody";
import { useDiscussionEvents } from "@/components/discussion/useDiscussionEvents";
import { splitStreamingThought } from "@/components/discussion/turn-structure";
import { ErrorNote } from "@/components/ErrorNote";
import { DiscussionCandidate } from "@/components/review/DiscussionCandidate";
import { ScriptedLabel } from "@/components/demo/ScriptedLabel";

type TurnMeta = Omit<TurnFrame, "content">;
type State = { text: TurnText; meta: Map<number, TurnMeta>; status: string | null };
type Action =
  | { type: "turn"; turn: TurnFrame }
  | { type: "delta"; seq: number; attempt: number; offset: number; text: string }
  | { type: "status"; status: string };

function reduce(state: State, action: Action): State {
  switch (action.type) {
    case "turn": {
      const text = new Map(state.text);
      applyTurn(text, action.turn.seq, action.turn.content);
      return { ...state, text, meta: new Map(state.meta).set(action.turn.seq, action.turn) };
    }
    case "delta": {
      const text = new Map(state.text);
      return applyDelta(text, action.seq, action.attempt, action.offset, action.text) ? { ...state, text } : state;
    }
    case "status": {
      if (action.status === "RUNNING" || action.status === "QUEUED") return { ...state, status: action.status };
      // Over: a turn still streaming was never stored (the call failed, the run was cancelled).
      const text = new Map(state.text);
      dropUnfinished(text);
      return { ...state, text, status: action.status };
    }
  }
}

/**
 * One turn. Memoized: a streaming piece or a new turn re-renders only the turn it touches, not the
 * hundreds already on the page (what kept a long discussion slow to open and to follow live).
 */
/** What a reasoning model thought before answering: folded away above the answer, never read as part of it. */
function Reasoning({ text, thinking }: { text: string; thinking: boolean }) {
  return (
    <details className="mb-2 rounded border border-slate-200 bg-slate-50 text-xs" data-testid="turn-reasoning">
      <summary className="cursor-pointer px-2 py-1 text-slate-600">Reasoning{thinking ? " (thinking…)" : ""}</summary>
      <pre className="max-h-96 overflow-auto whitespace-pre-wrap px-2 pb-2">{text}</pre>
    </details>
  );
}

const TurnView = memo(function TurnView({
  kind,
  heading,
  promptLabel,
  text,
  reasoning,
}: {
  kind: string | undefined;
  heading: string;
  promptLabel: string;
  text: string;
  reasoning: string | undefined;
}) {
  if (kind === "PROMPT") {
    return (
      <details className="rounded-md border border-slate-200 bg-slate-50 text-xs" data-testid="turn" data-kind="PROMPT">
        <summary className="cursor-pointer px-3 py-2 text-slate-600">Prompt sent · {promptLabel}</summary>
        <pre className="max-h-96 overflow-auto whitespace-pre-wrap px-3 pb-3">{text}</pre>
      </details>
    );
  }
  // While it streams, thoughts written inline (<think>…) are kept out of the answer too; once stored, the gateway has split them.
  const streaming = kind === undefined ? splitStreamingThought(text) : null;
  const thoughts = streaming ? streaming.reasoning : (reasoning ?? null);
  return (
    <article className="rounded-md border border-slate-200 bg-white p-3 shadow-sm" data-testid="turn" data-kind={kind ?? "STREAMING"}>
      <h3 className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">{heading}</h3>
      {thoughts !== null && <Reasoning text={thoughts} thinking={streaming !== null && streaming.answer === ""} />}
      <TurnBody text={streaming ? streaming.answer : text} done={kind !== undefined} />
    </article>
  );
});

/**
 * One discussion, live: its turns stream in token by token (Server-Sent Events; the browser resumes
 * with the last event id after a drop), each labelled with its agent and language, prompts folded
 * away; beside it each participant's memory with scores, merits and faults, and its history.
 */
export function DiscussionLive({ id }: { id: string }) {
  const view = useDiscussion(id);
  const refresh = useRefreshDiscussion(id);
  const [state, dispatch] = useReducer(reduce, { text: new Map(), meta: new Map(), status: null });

  const { live } = useDiscussionEvents(id, {
    turn(turn) {
      dispatch({ type: "turn", turn });
      // A new turn may mean the memories or the candidate changed.
      if (turn.kind === "SCORE" || turn.kind === "VERIFICATION" || turn.kind === "ELIMINATED") refresh();
    },
    delta(delta) {
      dispatch({ type: "delta", ...delta });
    },
    status(status) {
      dispatch({ type: "status", status });
      if (status === "SUCCEEDED" || status === "FAILED") refresh();
    },
  });

  const participants = view.data?.participants ?? [];
  const label = (agentId: string | null) => {
    if (!agentId) return "scorer / sandbox";
    const index = participants.findIndex((p) => p.agentId === agentId);
    const agent = participants[index];
    return agent ? `Agent ${index + 1} (${agent.language}${agent.main ? ", main" : ""})` : "agent";
  };
  const seqs = [...state.text.keys()].sort((a, b) => a - b);

  if (view.error) {
    return <ErrorNote testId="discussion-error">{view.error.message}</ErrorNote>;
  }
  return (
    // Answers hold long unbroken tokens (identifiers, test lines, URLs): they wrap anywhere rather than widen a phone's page.
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6 [overflow-wrap:anywhere] lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <section className="min-w-0 space-y-3" aria-label="Discussion">
        <p className="text-sm text-slate-600" data-testid="discussion-status">
          {view.data
            ? `${view.data.mode.toLowerCase()} discussion${view.data.debate ? " (debate)" : ""} → ${view.data.targetLanguage}`
            : "Loading…"}{" "}
          · {state.status ?? view.data?.status ?? ""}
        </p>
        {view.data?.scriptedModel && <ScriptedLabel />}
        {!live && state.status !== null && (
          <p className="text-xs text-amber-700" data-testid="discussion-reconnecting" role="status">
            Reconnecting to the studio… the text resumes where it stopped.
          </p>
        )}
        {seqs.map((seq) => {
          const turn = state.meta.get(seq);
          const body = state.text.get(seq)!;
          const heading = `${turn?.kind ?? "…writing"} · ${label(turn?.agentId ?? null)}${turn?.language ? ` · ${turn.language}` : ""}`;
          return (
            <TurnView
              key={seq}
              kind={turn?.kind}
              heading={heading}
              promptLabel={label(turn?.agentId ?? null)}
              text={body.text}
              reasoning={turn?.reasoning}
            />
          );
        })}
        {view.data?.candidate && (
          <p className="text-sm" data-testid="candidate-verification">
            Candidate: tests {view.data.candidate.verificationStatus.toLowerCase()}
            {view.data.candidate.verifications.length > 1
              ? ` after ${view.data.candidate.verifications.length - 1} self-correction(s)`
              : ""}
            {view.data.candidate.totalScore !== null ? ` · score ${view.data.candidate.totalScore.toFixed(1)}` : ""}
          </p>
        )}
        {view.data?.candidate && <DiscussionCandidate candidateId={view.data.candidate.id} />}
      </section>
      <aside className="min-w-0 space-y-4" aria-label="Agents' memories">
        {view.data?.promptMemory.length ? (
          <section
            className="space-y-2 rounded-md border border-slate-200 bg-white p-3 text-sm shadow-sm"
            aria-label="Memory in the prompt"
            data-testid="prompt-memory"
          >
            <h3 className="font-medium">Memory in the prompt</h3>
            <p className="text-xs text-slate-500">The [Memory] samples the proposal prompt held, in its order.</p>
            <ol className="space-y-1 text-xs">
              {view.data.promptMemory.map((item, i) => (
                <li key={item.id} className="flex justify-between gap-2">
                  <span className="line-clamp-2">
                    Sample {i + 1} ({item.language}): {item.instruction}
                  </span>
                  <span className="shrink-0 tabular-nums text-slate-500">
                    {item.score.toFixed(1)}
                    {item.status === "EVICTED" ? " · evicted since" : ""}
                  </span>
                </li>
              ))}
            </ol>
          </section>
        ) : null}
        {participants.map((agent, i) => (
          <section
            key={agent.agentId}
            className="space-y-2 rounded-md border border-slate-200 bg-white p-3 text-sm shadow-sm"
            data-testid="agent-memory"
          >
            <h3 className="font-medium">
              Agent {i + 1} · {agent.language}
              {agent.main ? " · main" : ""} · memory {agent.memory.length}/{agent.memoryCapacity}
            </h3>
            {view.data && (
              <Link href={`/projects/${view.data.projectSlug}/agents/${agent.agentId}`} className="text-xs text-brand hover:underline">
                Memory timeline
              </Link>
            )}
            <ul className="space-y-2">
              {agent.memory.map((item) => (
                <li key={item.id} className="rounded border border-slate-100 p-2" data-testid="memory-item">
                  <div className="flex justify-between gap-2">
                    <span className="line-clamp-2">{item.instruction}</span>
                    <span className="tabular-nums text-slate-500">{item.score.toFixed(1)}</span>
                  </div>
                  {item.merits.length ? <p className="text-xs text-emerald-700">+ {item.merits.join("; ")}</p> : null}
                  {item.faults.length ? <p className="text-xs text-rose-700">− {item.faults.join("; ")}</p> : null}
                  {item.tests ? <p className="text-xs text-slate-600">tests: {item.tests}</p> : null}
                </li>
              ))}
            </ul>
            <details className="text-xs text-slate-600">
              <summary className="cursor-pointer">History ({agent.events.length} events)</summary>
              <ol className="mt-1 space-y-1">
                {agent.events.map((event) => (
                  <li key={event.seq}>
                    #{event.seq} {event.kind.toLowerCase().replaceAll("_", " ")}: {event.reason}
                  </li>
                ))}
              </ol>
            </details>
          </section>
        ))}
      </aside>
    </div>
  );
}
