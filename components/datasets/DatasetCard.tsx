"use client";

import { useState } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { Markdown } from "@/components/datasets/Markdown";
import { useVersionCard, versionUrl } from "@/components/data/datasets";

/** The dataset card exactly as it goes into the export (README.md), rendered or as its source. */
export function DatasetCard({ slug, tag }: { slug: string; tag: string }) {
  const card = useVersionCard(slug, tag, true);
  const [raw, setRaw] = useState(false);
  return (
    <section className="space-y-2">
      <div className="flex items-center gap-4">
        <h2 className="font-medium">Dataset card</h2>
        <button type="button" onClick={() => setRaw(!raw)} className="text-sm text-brand hover:underline">
          {raw ? "Rendered" : "Markdown source"}
        </button>
        <a href={versionUrl(slug, tag, "/card")} download={`README-${tag}.md`} className="text-sm text-brand hover:underline">
          Download README.md
        </a>
      </div>
      {card.error && <ErrorNote testId="card-error">{card.error.message}</ErrorNote>}
      {!card.data && !card.error && <p className="text-sm text-slate-500">Loading…</p>}
      {card.data && (
        <div className="rounded-md border border-slate-200 bg-white p-4 shadow-sm" data-testid="dataset-card">
          {raw ? <pre className="overflow-x-auto whitespace-pre-wrap font-mono text-xs">{card.data}</pre> : <Markdown source={card.data} />}
        </div>
      )}
    </section>
  );
}
