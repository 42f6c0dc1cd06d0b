"use client";

import { useState } from "react";
import { versionUrl } from "@/components/data/datasets";
import { EXPORT_FILE_TYPES, EXPORT_FORMATS } from "@/components/datasets/schemas";

type Split = "all" | "train" | "test";

/**
 * A READY version's exports as plain links, so the browser streams the file to disk itself (nothing
 * is held in the page). The split applies to every link: the same stable hash puts an item on the
 * same side in every format.
 */
export function DownloadLinks({ slug, tag, pairCount }: { slug: string; tag: string; pairCount: number | null | undefined }) {
  const [split, setSplit] = useState<Split>("all");
  const [testFraction, setTestFraction] = useState("0.1");
  const [metadata, setMetadata] = useState(false);
  const [trainingFor, setTrainingFor] = useState("sft:jsonl");
  const fraction = Number(testFraction);
  const fractionOk = Number.isFinite(fraction) && fraction > 0 && fraction < 1;
  const href = (format: string, fileType: string) => {
    const query = new URLSearchParams({ format, fileType });
    // Metadata is per item: DPO pairs have none.
    if (metadata && format !== "dpo") query.set("metadata", "true");
    if (split !== "all") {
      query.set("testFraction", String(fraction));
      query.set("split", split);
    }
    return versionUrl(slug, tag, `/export?${query}`);
  };
  // The configs name the files the links above give: the same format, file type and split.
  const trainingHref = () => {
    const [format = "sft", fileType = "jsonl"] = trainingFor.split(":");
    const query = new URLSearchParams({ format, fileType });
    if (split !== "all") query.set("testFraction", String(fraction));
    return versionUrl(slug, tag, `/export/training?${query}`);
  };
  const trainingChoices = EXPORT_FORMATS.filter((format) => !(format.id === "dpo" && pairCount === 0)).flatMap((format) =>
    EXPORT_FILE_TYPES.map((fileType) => ({
      value: `${format.id}:${fileType}`,
      label: `${format.label} · ${fileType === "jsonl" ? "JSONL" : "Parquet"}`,
    })),
  );
  return (
    <div className="space-y-2 text-sm" data-testid="download-links">
      <div className="flex flex-wrap items-center gap-3 text-slate-600">
        <label className="flex items-center gap-1">
          Split
          <select
            value={split}
            onChange={(e) => setSplit(e.target.value as Split)}
            className="rounded border border-slate-300 px-1 py-0.5"
            data-testid="download-split"
          >
            <option value="all">everything</option>
            <option value="train">train side</option>
            <option value="test">test side</option>
          </select>
        </label>
        {split !== "all" && (
          <label className="flex items-center gap-1">
            Test fraction
            <input
              value={testFraction}
              onChange={(e) => setTestFraction(e.target.value)}
              inputMode="decimal"
              className="w-16 rounded border border-slate-300 px-1 py-0.5"
              data-testid="download-test-fraction"
            />
          </label>
        )}
        {split !== "all" && !fractionOk && <span className="text-rose-700">The test fraction is a number between 0 and 1.</span>}
        <label
          className="flex items-center gap-1"
          title="language, source, difficulty, score, tests, verdicts, pass rate, coverage, contamination, cluster"
        >
          <input type="checkbox" checked={metadata} onChange={(e) => setMetadata(e.target.checked)} data-testid="download-metadata" />
          With metadata columns
        </label>
      </div>
      <div className="flex flex-wrap gap-2">
        {EXPORT_FORMATS.map((format) =>
          EXPORT_FILE_TYPES.map((fileType) => {
            const label = `${format.label} · ${fileType === "jsonl" ? "JSONL" : "Parquet"}`;
            const noPairs = format.id === "dpo" && pairCount === 0;
            if (noPairs || (split !== "all" && !fractionOk)) {
              return (
                <span
                  key={`${format.id}-${fileType}`}
                  title={noPairs ? "This version holds no DPO pairs" : undefined}
                  className="cursor-not-allowed rounded-md border border-slate-200 px-2 py-1 text-slate-400"
                >
                  {label}
                </span>
              );
            }
            return (
              <a
                key={`${format.id}-${fileType}`}
                href={href(format.id, fileType)}
                download
                data-testid={`download-${format.id}-${fileType}`}
                className="rounded-md border border-slate-300 px-2 py-1 text-brand hover:bg-slate-50"
              >
                {label}
              </a>
            );
          }),
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2 text-slate-600">
        <label className="flex items-center gap-1">
          Training configs for
          <select
            value={trainingFor}
            onChange={(e) => setTrainingFor(e.target.value)}
            className="max-w-full rounded border border-slate-300 px-1 py-0.5"
            data-testid="training-for"
          >
            {trainingChoices.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        {split !== "all" && !fractionOk ? (
          <span className="cursor-not-allowed rounded-md border border-slate-200 px-2 py-1 text-slate-400">Training configs (zip)</span>
        ) : (
          <a
            href={trainingHref()}
            download
            title="LLaMA-Factory dataset_info.json, axolotl config and a TRL script naming the downloaded files; unzip beside them"
            data-testid="download-training"
            className="rounded-md border border-slate-300 px-2 py-1 text-brand hover:bg-slate-50"
          >
            Training configs (zip)
          </a>
        )}
      </div>
    </div>
  );
}
