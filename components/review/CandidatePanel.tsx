"use client";

import { useState } from "react";
import { ApiError, messageOf } from "@/components/api";
import { saveRevision, useReviewCache } from "@/components/data/review";
import { ConflictView } from "@/components/review/ConflictView";
import { DecisionHistory } from "@/components/review/DecisionHistory";
import { FIELDS, FieldTabs, fieldLanguage, fieldsOf, type Field, type Fields, type Revision } from "@/components/review/fields";
import { LazyDiffView } from "@/components/review/lazy-editors";
import { SourceSeeds } from "@/components/review/SourceSeeds";
import type { CandidateDetail } from "@/lib/review/candidate-types";

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** Whether the item was written from seeds in another language (then the seed is shown beside it). */
export function isCrossLingual(detail: CandidateDetail): boolean {
  return (
    Boolean(detail.sourceLanguage && detail.sourceLanguage !== detail.language) ||
    detail.seeds.some((seed) => seed.language !== detail.language)
  );
}

/**
 * The selected item: the agent's original against its current revision in Monaco's diff editor,
 * part by part (instruction, solution, tests); while editing, the right side is the edit, begun from
 * `editBase`, saved as one new revision with all three parts. A save refused as stale opens the
 * conflict view. Cross-lingual items show their source seed beside them; a decided item, its
 * decision (and the way to reopen it); a refused decision, the server's reason.
 */
export function CandidatePanel({
  detail,
  editBase,
  refused,
  decisionRefused,
  mayReview,
  onReopen,
  onStopEditing,
  onMessage,
  onFilterSeed,
}: {
  detail: CandidateDetail;
  editBase: Revision | null;
  refused: string | null;
  decisionRefused: string | null;
  mayReview: boolean;
  onReopen: () => void;
  onStopEditing: () => void;
  onMessage: (message: string) => void;
  onFilterSeed: (seedId: string) => void;
}) {
  const cache = useReviewCache();
  const [field, setField] = useState<Field>("solution");
  const [conflict, setConflict] = useState<{ mine: Fields; theirs: Revision } | null>(null);
  // The edit, all three parts, kept across tab switches (Monaco holds the part being typed and reports each change).
  const [draft, setDraft] = useState<Fields | null>(() => (editBase ? fieldsOf(editBase) : null));
  const revision = detail.revisions.find((r) => r.id === detail.currentRevisionId);
  const original = detail.revisions[0];
  if (!revision || !original) return null;
  const shown = editBase ?? revision;

  const save = async (parentRevisionId: string, values: Fields) => {
    try {
      const saved = await saveRevision(detail.id, { parentRevisionId, ...values });
      onMessage(`Saved revision ${saved.number}; its tests are running…`);
      setConflict(null);
      onStopEditing();
      await cache.refreshCandidate(detail.id);
      await cache.refreshQueue();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // Stale (someone saved first) or claimed by another: look at what is current now to tell which.
        await cache.refreshCandidate(detail.id);
        const fresh = cache.cachedCandidate(detail.id);
        const theirs = fresh?.revisions.find((r) => r.id === fresh.currentRevisionId);
        if (theirs && theirs.id !== parentRevisionId) setConflict({ mine: values, theirs });
      }
      onMessage(messageOf(error));
    }
  };

  const claimedByOther = detail.claim && !detail.claim.mine ? detail.claim : null;
  const verification = detail.verifications.filter((v) => v.revisionId === revision.id).at(-1);
  return (
    <article className="space-y-3 rounded-md border border-slate-200 bg-white p-3 text-sm" data-testid="review-detail">
      <h2 className="font-medium">
        Revision {revision.number} ({revision.authorKind.toLowerCase()}) · {detail.language}
        {detail.sourceLanguage && detail.sourceLanguage !== detail.language ? ` (from ${detail.sourceLanguage})` : ""}
      </h2>
      {claimedByOther ? (
        <p role="status" data-testid="claim-banner" className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-amber-900">
          Claimed by {claimedByOther.by} until {time(claimedByOther.until)}: you cannot edit or decide it until they leave it or the claim
          expires.
        </p>
      ) : refused ? (
        <p role="status" data-testid="claim-banner" className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-amber-900">
          {refused}
        </p>
      ) : detail.claim?.mine ? (
        <p data-testid="claim-mine" className="text-xs text-emerald-700">
          You are reviewing this item; others see it as yours until {time(detail.claim.until)} (renewed while it is open).
        </p>
      ) : null}
      <DecisionHistory detail={detail} refused={decisionRefused} mayReview={mayReview} onReopen={onReopen} />
      <p className="whitespace-pre-wrap">{revision.instruction}</p>
      <div className={isCrossLingual(detail) ? "grid gap-3 2xl:grid-cols-[3fr_2fr]" : ""}>
        <section className="min-w-0 space-y-1">
          {conflict ? (
            <ConflictView
              theirs={conflict.theirs}
              mine={conflict.mine}
              language={detail.language}
              onTakeTheirs={() => {
                setConflict(null);
                onStopEditing();
                onMessage(`Kept revision ${conflict.theirs.number}; your edit was discarded.`);
              }}
              onReapply={(values) => save(conflict.theirs.id, values)}
            />
          ) : (
            <>
              <FieldTabs
                field={field}
                onSelect={setField}
                changed={draft && editBase ? FIELDS.filter((name) => draft[name] !== editBase[name]) : []}
              />
              {/* Monaco shows the two side by side when there is room, else one above the other: name them by colour. */}
              <p className="text-xs text-slate-500" data-testid="diff-legend">
                <span className="text-rose-700">Removed: the agent&apos;s original (revision {original.number})</span> ·{" "}
                <span className="text-emerald-700">
                  added: {editBase ? `your edit, from revision ${editBase.number}` : `revision ${revision.number}`}
                </span>
              </p>
              <LazyDiffView
                key={`${shown.id}:${Boolean(editBase)}:${field}`}
                original={original[field]}
                modified={draft && editBase ? draft[field] : revision[field]}
                language={fieldLanguage(field, detail.language)}
                editable={Boolean(editBase)}
                onChange={(value) => setDraft((parts) => (parts ? { ...parts, [field]: value } : parts))}
              />
              {editBase && (
                <div className="flex gap-2 pt-1">
                  <button
                    type="button"
                    data-testid="save-revision"
                    onClick={() => draft && void save(editBase.id, draft)}
                    className="rounded-md bg-slate-900 px-3 py-1 text-white"
                  >
                    Save as a new revision
                  </button>
                  <button type="button" onClick={onStopEditing} className="rounded-md border border-slate-300 px-3 py-1">
                    Cancel
                  </button>
                  <span className="self-center text-xs text-slate-500">
                    One revision with the instruction, solution and tests as they are in the three tabs.
                  </span>
                </div>
              )}
            </>
          )}
        </section>
        {isCrossLingual(detail) && (
          <SourceSeeds
            seeds={[...detail.seeds].sort((a, b) => Number(a.language === detail.language) - Number(b.language === detail.language))}
            onFilterSeed={onFilterSeed}
          />
        )}
      </div>
      <pre className="overflow-auto rounded bg-slate-50 p-2 text-xs" data-testid="current-tests">
        {revision.tests}
      </pre>
      <p data-testid="current-verification" className="text-xs">
        Tests of revision {revision.number}:{" "}
        {detail.verificationStatus === "PENDING"
          ? "running…"
          : `${detail.verificationStatus.toLowerCase()}${verification?.reason ? ` — ${verification.reason}` : ""}`}
      </p>
      <ul className="text-xs text-slate-600">
        {detail.verifications.map((v) => (
          <li key={`${v.revisionId}:${v.round}`}>
            run {v.round}: {v.status.toLowerCase()} — {v.reason}
          </li>
        ))}
      </ul>
    </article>
  );
}
