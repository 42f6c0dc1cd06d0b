"use client";

import Link from "next/link";
import { useAgentMemory } from "@/components/data/agents";
import { ErrorNote } from "@/components/ErrorNote";
import type { MemorySampleRef, MemoryTimelineEvent } from "@/lib/agents/memory-timeline-types";

const KIND = {
  INSERTED: { label: "inserted", className: "bg-emerald-50 text-emerald-800 border-emerald-200" },
  REJECTED_TOO_SIMILAR: { label: "rejected: too similar", className: "bg-amber-50 text-amber-800 border-amber-200" },
  EVICTED: { label: "evicted", className: "bg-rose-50 text-rose-800 border-rose-200" },
} as const;

function Sample({ label, sample }: { label: string; sample: MemorySampleRef | { language: string; instruction: string; score?: number } }) {
  return (
    <div className="text-xs text-slate-700">
      {label && <span className="text-slate-500">{label}</span>}
      <p className="line-clamp-2">{sample.instruction}</p>
      <p className="text-slate-500">
        {sample.language}
        {sample.score !== undefined ? ` · score ${sample.score.toFixed(1)}` : ""}
      </p>
    </div>
  );
}

function EventRow({ event }: { event: MemoryTimelineEvent }) {
  const kind = KIND[event.kind];
  return (
    <li className="space-y-1 rounded-md border border-slate-200 bg-white p-2" data-testid="memory-event" data-kind={event.kind}>
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span className={`rounded border px-1.5 py-0.5 font-medium ${kind.className}`}>{kind.label}</span>
        {event.similarity !== null && event.kind !== "EVICTED" && (
          <span className="tabular-nums text-slate-500">similarity {event.similarity.toFixed(2)}</span>
        )}
        {event.discussionId && (
          <Link href={`/discussions/${event.discussionId}`} className="text-brand hover:underline">
            discussion
          </Link>
        )}
        <span className="text-slate-400">#{event.seq}</span>
      </div>
      {event.kind === "REJECTED_TOO_SIMILAR" ? (
        <>
          {event.offered && <Sample label="Offered:" sample={event.offered} />}
          {event.sample && <Sample label="Resembled:" sample={event.sample} />}
        </>
      ) : (
        event.sample && <Sample label={event.kind === "EVICTED" ? "Left:" : "Stored:"} sample={event.sample} />
      )}
      {event.kind === "EVICTED" &&
        (event.replacedBy ? (
          <Sample label="Replaced by:" sample={event.replacedBy} />
        ) : (
          <p className="text-xs text-slate-500">The new sample itself scored lowest and was not kept.</p>
        ))}
      <p className="text-xs text-slate-500">{event.reason}</p>
    </li>
  );
}

/**
 * One agent's memory across the discussion rounds: what entered, what was turned away as too
 * similar (and what it resembled), and what was evicted (and by what). Round "seed" is the memory
 * the agent started with.
 */
export function MemoryTimeline({ id }: { id: string }) {
  const timeline = useAgentMemory(id);
  if (timeline.error) return <ErrorNote testId="agent-memory-error">{timeline.error.message}</ErrorNote>;
  if (!timeline.data) return <p className="text-sm text-slate-500">Loading…</p>;
  const { agent, inMemory, events, discussions } = timeline.data;
  const rounds = [...new Set(events.map((e) => e.round))].sort((a, b) => (a ?? -1) - (b ?? -1));
  const count = (kind: MemoryTimelineEvent["kind"]) => events.filter((e) => e.kind === kind).length;
  return (
    <div className="space-y-6 [overflow-wrap:anywhere]">
      <p className="text-sm text-slate-600" data-testid="agent-summary">
        {agent.language} agent ({agent.scope.toLowerCase().replace("_", " ")}) · {discussions} discussion
        {discussions === 1 ? "" : "s"} · memory {inMemory.length}/{agent.memoryCapacity} · {count("INSERTED")} inserted,{" "}
        {count("REJECTED_TOO_SIMILAR")} rejected (similarity ≥ {agent.similarityThreshold}), {count("EVICTED")} evicted
      </p>
      <section aria-label="In memory now" className="space-y-2">
        <h2 className="text-sm font-medium">In memory now</h2>
        <ul className="space-y-2">
          {inMemory.map((item) => (
            <li key={item.id} className="rounded-md border border-slate-200 bg-white p-2">
              <Sample label="" sample={item} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="Memory timeline" className="space-y-4">
        <h2 className="text-sm font-medium">Timeline</h2>
        {rounds.map((round) => (
          <div key={round ?? "seed"} className="space-y-2" data-testid="memory-round">
            <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500">{round === null ? "Seed" : `Round ${round}`}</h3>
            <ol className="space-y-2">
              {events
                .filter((e) => e.round === round)
                .map((event) => (
                  <EventRow key={event.seq} event={event} />
                ))}
            </ol>
          </div>
        ))}
      </section>
    </div>
  );
}
