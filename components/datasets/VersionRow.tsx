"use client";

import Link from "next/link";
import { DownloadLinks } from "@/components/datasets/DownloadLinks";
import { AnnotationNote } from "@/components/datasets/AnnotationNote";
import { QualityGateNote } from "@/components/datasets/QualityGateNote";
import type { DatasetVersion } from "@/components/data/datasets";

const number = new Intl.NumberFormat("en");

const STATUS_TONE: Record<DatasetVersion["status"], string> = {
  CUTTING: "bg-amber-100 text-amber-800",
  READY: "bg-emerald-100 text-emerald-800",
  FAILED: "bg-rose-100 text-rose-800",
};

export function StatusBadge({ status }: { status: DatasetVersion["status"] }) {
  return (
    <span
      data-testid="version-status"
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_TONE[status]}`}
    >
      {status === "CUTTING" && <span className="h-2 w-2 animate-pulse rounded-full bg-amber-500" aria-hidden />}
      {status.toLowerCase()}
    </span>
  );
}

/** One version: what it holds, who cut it and when, and (once READY) its downloads. */
export function VersionRow({ slug, version }: { slug: string; version: DatasetVersion }) {
  return (
    <li data-testid="version-row" data-tag={version.tag} data-status={version.status} className="space-y-2 px-4 py-3">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1 text-sm">
        <Link
          href={`/projects/${slug}/datasets/${encodeURIComponent(version.tag)}`}
          className="font-mono font-medium text-brand hover:underline"
          data-testid="version-link"
        >
          {version.tag}
        </Link>
        <StatusBadge status={version.status} />
        <span className="tabular-nums text-slate-700" data-testid="version-items">
          {number.format(version.itemCount)} item{version.itemCount === 1 ? "" : "s"}
        </span>
        {version.pairCount > 0 && (
          <span className="tabular-nums text-slate-700">
            {number.format(version.pairCount)} DPO pair{version.pairCount === 1 ? "" : "s"}
          </span>
        )}
        {version.contentHash && (
          <span className="font-mono text-xs text-slate-500" title={version.contentHash}>
            sha256 {version.contentHash.slice(0, 12)}
          </span>
        )}
        <span className="text-slate-500">
          {version.createdBy?.email ?? "unknown"} · {new Date(version.cutAt ?? version.createdAt).toLocaleString()}
        </span>
      </div>
      {version.notes && <p className="text-sm text-slate-600">{version.notes}</p>}
      {version.status === "READY" && <QualityGateNote quality={version.quality} />}
      {version.status === "READY" && <AnnotationNote annotation={version.annotation} />}
      {version.status === "CUTTING" && (
        <p className="text-sm text-amber-800">Being cut: items are being frozen into the version; it can be downloaded once it is ready.</p>
      )}
      {version.status === "FAILED" && (
        <p className="text-sm text-rose-700">
          The cut failed{version.error ? `: ${version.error}` : ""}; it holds no data. Cutting again under the same tag replaces it.
        </p>
      )}
      {version.status === "READY" && <DownloadLinks slug={slug} tag={version.tag} pairCount={version.pairCount} />}
    </li>
  );
}
