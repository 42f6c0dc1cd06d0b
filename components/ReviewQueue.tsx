"use client";

import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useEffect, useRef, useState } from "react";
import type { DiffOnMount } from "@monaco-editor/react";
import { ApiError, fetchJson, postJson } from "@/components/api";
import { CandidateDetail } from "@/lib/review/candidate-types";
import { QueuePage } from "@/lib/review/queue-types";
import { ErrorNote } from "@/components/ErrorNote";

// Monaco runs only in the browser, loaded when the queue is.
const DiffView = dynamic(() => import("@/components/DiffView"), { ssr: false, loading: () => <p className="text-xs text-slate-500">Loading the editor…</p> });

const KEYS: [string, string][] = [
  ["j / k", "next / previous item"],
  ["a", "accept (asks first when its tests fail)"],
  ["r", "reject, with a reason"],
  ["e", "edit the solution (save: a new revision, its tests run again)"],
  ["?", "show or hide these keys"],
];

/**
 * The review queue, keyboard first: server-side filters and pages, j/k to move, a to accept, r to
 * reject with a reason. The selected item shows the agent's original against its current revision in
 * Monaco's diff editor, with its verification runs. (Editing comes next.)
 */
export function ReviewQueue({ slug }: { slug: string }) {
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState({ review: "PENDING", verification: "", language: "" });
  const [selected, setSelected] = useState(0);
  const [help, setHelp] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const editor = useRef<Parameters<DiffOnMount>[0] | null>(null);
  const params = new URLSearchParams({ limit: "50", ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) });
  const queue = useInfiniteQuery({
    queryKey: ["queue", slug, params.toString()],
    queryFn: ({ pageParam }) => fetchJson(`/api/projects/${slug}/candidates?${params}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`, QueuePage),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];
  const current = items[Math.min(selected, Math.max(items.length - 1, 0))];
  const detail = useQuery({
    queryKey: ["candidate", current?.id],
    queryFn: () => fetchJson(`/api/candidates/${current!.id}`, CandidateDetail),
    enabled: Boolean(current),
    // While an edit's tests run, look again every second.
    refetchInterval: (query) => (query.state.data?.verificationStatus === "PENDING" ? 1_000 : false),
  });

  const save = async () => {
    const data = detail.data;
    const revision = data?.revisions.find((r) => r.id === data.currentRevisionId);
    const solution = editor.current?.getModifiedEditor().getValue();
    if (!data || !revision || solution === undefined) return;
    try {
      const saved = (await postJson(`/api/candidates/${data.id}/revisions`, { parentRevisionId: revision.id, instruction: revision.instruction, solution, tests: revision.tests })) as { number: number };
      setEditing(false);
      setMessage(`Saved revision ${saved.number}; its tests are running…`);
      await queryClient.invalidateQueries({ queryKey: ["candidate", data.id] });
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : "Could not reach the studio.");
    }
  };

  useEffect(() => {
    const decide = async (decision: "accept" | "reject") => {
      if (!current) return;
      const failing = ["FAIL", "ERROR", "TIMEOUT"].includes(current.verificationStatus);
      let comment: string | undefined;
      if (decision === "reject") {
        comment = window.prompt("Why reject it?") ?? undefined;
        if (!comment) return;
      } else if (failing && !window.confirm(`Its tests do not pass (${current.verificationStatus.toLowerCase()}). Accept it anyway?`)) {
        return;
      }
      try {
        await postJson(`/api/candidates/${current.id}/decision`, { decision, comment, acceptFailing: failing });
        setMessage(`${decision === "accept" ? "Accepted" : "Rejected"}: ${current.instruction.slice(0, 80)}`);
        await queryClient.invalidateQueries({ queryKey: ["queue", slug] });
      } catch (error) {
        setMessage(error instanceof ApiError ? error.message : "Could not reach the studio.");
      }
    };
    const onKey = (event: KeyboardEvent) => {
      // Keys belong to whatever has focus when it takes text (a filter, the editor).
      if ((event.target instanceof HTMLElement && event.target.closest("input, select, textarea, .monaco-editor")) || event.metaKey || event.ctrlKey) return;
      if (event.key === "j") setSelected((i) => Math.min(i + 1, items.length - 1));
      else if (event.key === "k") setSelected((i) => Math.max(i - 1, 0));
      else if (event.key === "a") void decide("accept");
      else if (event.key === "r") void decide("reject");
      else if (event.key === "?") setHelp((h) => !h);
      else if (event.key === "e") setEditing(true);
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [current, items.length, queryClient, slug]);

  const revision = detail.data?.revisions.find((r) => r.id === detail.data?.currentRevisionId);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-3 text-sm">
        {(
          [
            ["review", ["", "PENDING", "ACCEPTED", "REJECTED"]],
            ["verification", ["", "PASS", "FAIL", "ERROR", "TIMEOUT", "PENDING"]],
          ] as const
        ).map(([name, options]) => (
          <label key={name} className="flex items-center gap-1">
            {name}
            <select value={filters[name]} onChange={(e) => (setFilters({ ...filters, [name]: e.target.value }), setSelected(0))} className="rounded border border-slate-300 px-1 py-0.5">
              {options.map((o) => (
                <option key={o} value={o}>
                  {o ? o.toLowerCase() : "any"}
                </option>
              ))}
            </select>
          </label>
        ))}
        <label className="flex items-center gap-1">
          language <input value={filters.language} onChange={(e) => (setFilters({ ...filters, language: e.target.value.trim() }), setSelected(0))} className="w-24 rounded border border-slate-300 px-1" />
        </label>
        <span className="text-slate-500">Press ? for keys</span>
      </div>
      {help && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 rounded-md border border-slate-200 bg-white p-3 text-sm" data-testid="review-keys">
          {KEYS.map(([key, what]) => (
            <div key={key} className="contents">
              <dt className="font-mono">{key}</dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      )}
      {message && (
        <p role="status" data-testid="review-message" className="text-sm text-slate-700">
          {message}
        </p>
      )}
      {queue.error ? (
        <ErrorNote testId="queue-error">{queue.error.message}</ErrorNote>
      ) : (
        <div className="grid gap-4 lg:grid-cols-[2fr_3fr]">
          <ul className="max-h-[70vh] divide-y divide-slate-100 overflow-auto rounded-md border border-slate-200 bg-white text-sm">
            {items.map((item, i) => (
              <li key={item.id} data-testid="queue-item" data-selected={item.id === current?.id} onClick={() => setSelected(i)} className={`cursor-pointer px-3 py-2 ${item.id === current?.id ? "bg-sky-50" : ""}`}>
                <div className="line-clamp-2">{item.instruction}</div>
                <div className="text-xs text-slate-500">
                  {item.language} · tests {item.verificationStatus.toLowerCase()} · {item.reviewStatus.toLowerCase()}
                  {item.totalScore !== null ? ` · ${item.totalScore.toFixed(1)}` : ""}
                </div>
              </li>
            ))}
            {items.length === 0 && !queue.isPending && <li className="px-3 py-2 text-slate-600">Nothing to review with these filters.</li>}
            {queue.hasNextPage && (
              <li>
                <button type="button" onClick={() => void queue.fetchNextPage()} className="w-full py-2 text-brand">
                  More
                </button>
              </li>
            )}
          </ul>
          {revision && detail.data ? (
            <article className="space-y-3 rounded-md border border-slate-200 bg-white p-3 text-sm" data-testid="review-detail">
              <h2 className="font-medium">
                Revision {revision.number} ({revision.authorKind.toLowerCase()}) · {detail.data.language}
                {detail.data.sourceLanguage && detail.data.sourceLanguage !== detail.data.language ? ` (from ${detail.data.sourceLanguage})` : ""}
              </h2>
              <p className="whitespace-pre-wrap">{revision.instruction}</p>
              <DiffView
                key={`${revision.id}:${editing}`}
                original={detail.data.revisions[0]!.solution}
                modified={revision.solution}
                language={detail.data.language}
                editable={editing}
                onMount={(mounted) => {
                  editor.current = mounted;
                }}
              />
              {editing && (
                <div className="flex gap-2">
                  <button type="button" onClick={() => void save()} className="rounded-md bg-slate-900 px-3 py-1 text-white">
                    Save as a new revision
                  </button>
                  <button type="button" onClick={() => setEditing(false)} className="rounded-md border border-slate-300 px-3 py-1">
                    Cancel
                  </button>
                </div>
              )}
              <pre className="overflow-auto rounded bg-slate-50 p-2 text-xs">{revision.tests}</pre>
              <p data-testid="current-verification" className="text-xs">
                Tests of revision {revision.number}:{" "}
                {detail.data.verificationStatus === "PENDING"
                  ? "running…"
                  : `${detail.data.verificationStatus.toLowerCase()}${(() => {
                      const run = detail.data.verifications.filter((v) => v.revisionId === revision.id).at(-1);
                      return run?.reason ? ` — ${run.reason}` : "";
                    })()}`}
              </p>
              <ul className="text-xs text-slate-600">
                {detail.data.verifications.map((v) => (
                  <li key={`${v.revisionId}:${v.round}`}>
                    run {v.round}: {v.status.toLowerCase()} — {v.reason}
                  </li>
                ))}
              </ul>
            </article>
          ) : null}
        </div>
      )}
    </div>
  );
}
