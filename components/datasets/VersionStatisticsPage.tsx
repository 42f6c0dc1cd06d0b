"use client";

import Link from "next/link";
import { ErrorNote } from "@/components/ErrorNote";
import { DatasetCard } from "@/components/datasets/DatasetCard";
import { DownloadLinks } from "@/components/datasets/DownloadLinks";
import { count } from "@/components/datasets/format";
import { Provenance } from "@/components/datasets/Provenance";
import { AnnotationNote } from "@/components/datasets/AnnotationNote";
import { QualityGateNote } from "@/components/datasets/QualityGateNote";
import { StatisticsPanels } from "@/components/datasets/StatisticsPanels";
import { VersionCompare } from "@/components/datasets/VersionCompare";
import { StatusBadge } from "@/components/datasets/VersionRow";
import { useVersion } from "@/components/data/datasets";

/** One version: its figures as charts, its provenance, the comparison with another, its card. */
export function VersionStatisticsPage({ slug, tag, against }: { slug: string; tag: string; against: string | null }) {
  const detail = useVersion(slug, tag);
  const version = detail.data?.version;
  const statistics = detail.data?.statistics;
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">
          Dataset <span className="font-mono">{tag}</span> {version && <StatusBadge status={version.status} />}
        </h1>
        <Link href={`/projects/${slug}/datasets`} className="text-sm text-brand hover:underline">
          ← All versions
        </Link>
      </div>
      {detail.error && <ErrorNote testId="version-error">{detail.error.message}</ErrorNote>}
      {!detail.data && !detail.error && <p className="text-sm text-slate-500">Loading…</p>}
      {version && (
        <p className="text-sm text-slate-600">
          {count(version.itemCount)} items
          {statistics?.provenance.review && (
            <span data-testid="version-unreviewed">
              {" "}
              (
              {statistics.provenance.review.unreviewed
                ? `${count(statistics.provenance.review.unreviewed)} unreviewed, taken by choice`
                : "all accepted"}
              )
            </span>
          )}{" "}
          · cut by {version.createdBy?.email ?? "unknown"} on {new Date(version.cutAt ?? version.createdAt).toLocaleString()}
          {version.contentHash && (
            <>
              {" "}
              · sha256{" "}
              <span className="break-all font-mono text-xs" data-testid="version-hash">
                {version.contentHash}
              </span>
            </>
          )}
          {version.notes && <span className="mt-1 block">{version.notes}</span>}
        </p>
      )}
      {version?.status === "READY" && <QualityGateNote quality={version.quality} />}
      {version?.status === "READY" && <AnnotationNote annotation={version.annotation} />}
      {version?.status === "CUTTING" && <p className="text-sm text-amber-800">Being cut; this page fills in when it is ready.</p>}
      {version?.status === "FAILED" && (
        <ErrorNote testId="version-failed">
          The cut failed{version.error ? `: ${version.error}` : ""}; it holds no data. Cutting again under the same tag replaces it.
        </ErrorNote>
      )}
      {version?.status === "READY" && (
        <>
          <p>
            <Link
              href={`/projects/${slug}/datasets/${encodeURIComponent(tag)}/records`}
              className="inline-block rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
            >
              Browse the {count(version.itemCount)} records →
            </Link>
          </p>
          <DownloadLinks slug={slug} tag={tag} pairCount={version.pairCount} />
          {statistics && <StatisticsPanels statistics={statistics} />}
          <section className="space-y-2">
            <h2 className="font-medium">Provenance</h2>
            <Provenance provenance={statistics?.provenance} />
          </section>
          <VersionCompare slug={slug} tag={tag} against={against} />
          <DatasetCard slug={slug} tag={tag} />
        </>
      )}
    </div>
  );
}
