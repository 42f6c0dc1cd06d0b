"use client";

import { useState } from "react";
import { ApiError, messageOf } from "@/components/api";
import { saveRevision, useReviewCache } from "@/components/data/review";
import { AdjudicationPanel } from "@/components/review/AdjudicationPanel";
import { AnnotationStatus } from "@/components/review/AnnotationStatus";
import { ConflictView } from "@/components/review/ConflictView";
import { DecisionBar, type DecisionActions } from "@/components/review/DecisionBar";
import { DecisionHistory } from "@/components/review/DecisionHistory";
import { FIELDS, FieldTabs, fieldLanguage, fieldsOf, type Field, type Fields, type Revision } from "@/components/review/fields";
import { IndependentCheck } from "@/components/review/IndependentCheck";
import { ItemComments } from "@/components/review/ItemComments";
import { LazyDiffView } from "@/components/review/lazy-editors";
import { QualityFlags } from "@/components/review/QualityFlags";
import { RubricForm } from "@/components/review/RubricForm";
import { SourceSeeds } from "@/components/review/SourceSeeds";
import type { HeldClaim } from "@/components/review/useClaim";
import type { Role } from "@/lib/auth/permissions";
import type { CandidateDetail } from "@/lib/review/candidate-types";
import type { RubricAnswers } from "@/lib/review/rubric-types";
import { isSeedItem, testsFail, testsRunning } from "@/lib/review/test-status";

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** Whether the item was written from seeds in another language (then the seed is shown beside it). */
export function isCrossLingual(detail: CandidateDetail): boolean {
  return (
    Boolean(detail.sourceLanguage && detail.sourceLanguage !== detail.language) ||
    detail.seeds.some((seed) => seed.language !== detail.language)
  );
}

/**
 * The selected item: the decision buttons, where it stands, the agent's original against its
 * current revision in Monaco's diff editor part by part (the solution with its tests beside it),
 * and the team's comments. While editing, the right side is the edit, begun from `editBase`, saved
 * as one new revision with all three parts; a save refused as stale opens the conflict view.
 * Cross-lingual items show their source seed beside them; seed pairs (no tests) say so. Where the
 * project has a rubric, its questions sit under the decision buttons, answered with the decision;
 * where an item wants several annotators, how many have decided and the decisions the viewer may
 * see; on a disputed item, a curator's adjudication panel.
 */
export function CandidatePanel({
  detail,
  editBase,
  heldClaim,
  refused,
  decisionRefused,
  permission,
  actions,
  blocked,
  rubric,
  onAdjudicate,
  onStopEditing,
  onMessage,
  onFilterSeed,
}: {
  detail: CandidateDetail;
  editBase: Revision | null;
  /** The claim this page was granted on the item (its cached claim line may lag behind it). */
  heldClaim: HeldClaim | null;
  refused: string | null;
  decisionRefused: string | null;
  permission: { allowed: boolean; needed: Role };
  actions: DecisionActions;
  /** Another reviewer holds it: the buttons are disabled. */
  blocked: boolean;
  /** The viewer's answers to the project's rubric so far, and what is wrong with them. */
  rubric: { answers: RubricAnswers; onChange: (answers: RubricAnswers) => void; problems: string[] };
  /** A curator's final decision on a disputed item; its refusal is shown in the panel. */
  onAdjudicate: (decision: "accept" | "reject", options: { comment?: string; acceptFailing: boolean }) => Promise<void>;
  onStopEditing: () => void;
  onMessage: (message: string) => void;
  onFilterSeed: (seedId: string) => void;
}) {
  const cache = useReviewCache();
  const [field, setField] = useState<Field>("solution");
  // The agent's own tests, or (when the item had an independent check) the test writer's.
  const [testsShown, setTestsShown] = useState<"own" | "independent">("own");
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
      // The verdict shows in the item as it arrives; a "running" message here would outlive it.
      onMessage(`Saved revision ${saved.number}.`);
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
  const mine = detail.claim?.mine ? detail.claim : heldClaim;
  const { annotation } = detail;
  // The rubric is asked of whoever may still decide the item: pending, and not decided by them yet.
  const asksRubric =
    permission.allowed && annotation.rubric.length > 0 && detail.reviewStatus === "PENDING" && !annotation.mine && !editBase;
  const verification = detail.verifications.filter((v) => v.revisionId === revision.id).at(-1);
  const seed = isSeedItem(detail);
  const independent = detail.quality.check;
  const diffOf = (part: Field, testId?: string) => (
    <LazyDiffView
      key={`${shown.id}:${Boolean(editBase)}:${part}`}
      original={original[part]}
      modified={draft && editBase ? draft[part] : revision[part]}
      language={fieldLanguage(part, detail.language)}
      editable={Boolean(editBase)}
      onChange={(value) => setDraft((parts) => (parts ? { ...parts, [part]: value } : parts))}
      {...(testId ? { testId, height: "h-[320px]" } : {})}
    />
  );
  return (
    <article className="min-w-0 space-y-3 rounded-md border border-slate-200 bg-white p-3 text-sm" data-testid="review-detail">
      <h2 className="flex flex-wrap items-baseline gap-x-2 font-medium">
        <span>
          Revision {revision.number} ({revision.authorKind.toLowerCase()}) · {detail.language}
          {detail.sourceLanguage && detail.sourceLanguage !== detail.language ? ` (from ${detail.sourceLanguage})` : ""}
        </span>
        <span data-testid="item-source" className="rounded bg-slate-100 px-1.5 text-xs font-normal text-slate-600">
          {seed ? `seed pair (${detail.source})` : "synthesized"}
        </span>
        {detail.discussionId && (
          <a
            href={`/discussions/${detail.discussionId}`}
            className="text-xs font-normal text-sky-700 hover:underline"
            data-testid="item-discussion"
          >
            Its discussion →
          </a>
        )}
      </h2>
      {detail.evolutionOperation && (
        <p className="text-xs text-slate-600" data-testid="item-evolution">
          Evolution: <span className="text-slate-800">{detail.evolutionOperation}</span>
        </p>
      )}
      {claimedByOther ? (
        <p role="status" data-testid="claim-banner" className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-amber-900">
          Claimed by {claimedByOther.by} until {time(claimedByOther.until)}: you cannot edit or decide it until they leave it or the claim
          expires.
        </p>
      ) : refused ? (
        <p role="status" data-testid="claim-banner" className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-amber-900">
          {refused}
        </p>
      ) : mine ? (
        <p data-testid="claim-mine" className="text-xs text-emerald-700">
          You are reviewing this item; others see it as yours until {time(mine.until)} (renewed while it is open).
        </p>
      ) : null}
      <DecisionBar
        {...actions}
        allowed={permission.allowed}
        needed={permission.needed}
        // Decided by the viewer counts too: what is left to them is taking their decision back.
        decided={detail.reviewStatus !== "PENDING" || annotation.mine !== null}
        editing={Boolean(editBase)}
        blocked={blocked}
        onSave={() => editBase && draft && void save(editBase.id, draft)}
        onCancelEdit={onStopEditing}
      />
      {asksRubric && (
        <RubricForm rubric={annotation.rubric} answers={rubric.answers} onChange={rubric.onChange} problems={rubric.problems} />
      )}
      <DecisionHistory detail={detail} refused={decisionRefused} />
      <AnnotationStatus annotation={annotation} reviewStatus={detail.reviewStatus} />
      {annotation.canAdjudicate && detail.reviewStatus === "DISPUTED" && (
        <AdjudicationPanel
          annotation={annotation}
          failingTests={testsFail(detail.verificationStatus) ? detail.verificationStatus : null}
          blocked={blocked}
          onAdjudicate={onAdjudicate}
        />
      )}
      <QualityFlags detail={detail} />
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
              {field === "solution" ? (
                <div className="grid gap-3 2xl:grid-cols-2">
                  <div className="min-w-0 space-y-1">
                    <h3 className="text-xs font-medium text-slate-600">Solution</h3>
                    {diffOf("solution")}
                  </div>
                  <div className="min-w-0 space-y-1" data-testid="current-tests">
                    {independent && !editBase ? (
                      <div role="tablist" aria-label="Which tests" className="flex gap-1 text-xs">
                        {(["own", "independent"] as const).map((which) => (
                          <button
                            key={which}
                            type="button"
                            role="tab"
                            aria-selected={testsShown === which}
                            onClick={() => setTestsShown(which)}
                            className={`rounded-t border border-b-0 px-2 py-0.5 ${testsShown === which ? "border-slate-300 bg-white font-medium" : "border-transparent bg-slate-100 text-slate-600"}`}
                          >
                            {which === "own" ? "Agent's tests" : "Independent tests"}
                          </button>
                        ))}
                      </div>
                    ) : (
                      <h3 className="text-xs font-medium text-slate-600">Tests</h3>
                    )}
                    {independent && !editBase && testsShown === "independent" && (
                      <pre
                        className="h-[320px] overflow-auto whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-slate-50 p-2 font-mono text-xs"
                        data-testid="independent-tests"
                      >
                        {independent.tests}
                      </pre>
                    )}
                    {/* Hidden, not unmounted, behind the independent tests: a diff editor taken down while it
                        computes its diff throws "no diff result available". */}
                    <div className={independent && !editBase && testsShown === "independent" ? "hidden" : ""}>
                      {seed && !revision.tests && !editBase ? (
                        <p className="text-xs text-slate-500">A seed pair has no tests; only synthesized items are run.</p>
                      ) : (
                        diffOf("tests", "tests-diff")
                      )}
                    </div>
                  </div>
                </div>
              ) : (
                diffOf(field)
              )}
              {editBase && (
                <p className="text-xs text-slate-500">
                  Save edit: one new revision with the instruction, solution and tests as they are in the tabs.
                </p>
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
      <p data-testid="current-verification" className="text-xs">
        Tests of revision {revision.number}:{" "}
        {seed && !revision.tests
          ? "none (a seed pair)"
          : testsRunning(detail)
            ? "running…"
            : `${detail.verificationStatus.toLowerCase()}${verification?.reason ? ` — ${verification.reason}` : ""}`}
      </p>
      <ul className="break-words text-xs text-slate-600">
        {detail.verifications.map((v) => (
          <li key={`${v.revisionId}:${v.round}`}>
            run {v.round}: {v.status.toLowerCase()} — {v.reason}
          </li>
        ))}
      </ul>
      {independent && <IndependentCheck check={independent} />}
      <ItemComments candidateId={detail.id} projectId={detail.projectId} />
    </article>
  );
}
