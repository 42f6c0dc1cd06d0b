"use client";

import { useRef, useState, type FormEvent } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { messageOf } from "@/components/api";
import { useUploadSnippets } from "@/components/data/projects";
import { UPLOAD_MAX_BYTES, type UploadFileResult, type UploadResult } from "@/lib/projects/config-types";

const MB = 1024 * 1024;

function FileLine({ result }: { result: UploadFileResult }) {
  const skipped = result.skipped.reduce((sum, s) => sum + s.count, 0);
  return (
    <li data-testid="upload-result" data-file={result.file} data-imported={result.imported} className="space-y-1 p-3">
      <div className="flex flex-wrap gap-x-4">
        <span className="font-mono font-medium">{result.file}</span>
        {result.error ? (
          <span className="text-rose-700">{result.error}</span>
        ) : (
          <>
            <span className="text-emerald-700">{result.imported} imported</span>
            {result.duplicates > 0 && (
              <span className="text-slate-600">
                {result.duplicates} duplicate{result.duplicates === 1 ? "" : "s"}
              </span>
            )}
            {skipped > 0 && <span className="text-amber-700">{skipped} skipped</span>}
          </>
        )}
      </div>
      {result.skipped.map((s) => (
        <div key={s.reason} className="text-xs text-slate-600" data-testid="upload-skip" data-reason={s.reason}>
          skipped, {s.reason}: {s.count} — {s.examples.join("; ")}
        </div>
      ))}
    </li>
  );
}

/** Code files, JSONL and zips into the project, with what happened to each file. */
export function SnippetUpload({ slug }: { slug: string }) {
  const send = useUploadSnippets(slug);
  const input = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<UploadResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [as, setAs] = useState<"snippets" | "instructions">("snippets");
  const upload = async (event: FormEvent) => {
    event.preventDefault();
    const files = [...(input.current?.files ?? [])];
    setError(null);
    setResult(null);
    if (!files.length) return setError("Choose one or more files first.");
    const total = files.reduce((sum, file) => sum + file.size, 0);
    // Said here rather than after sending it all: the server would refuse it with a 413 anyway.
    if (total > UPLOAD_MAX_BYTES)
      return setError(
        `These files come to ${(total / MB).toFixed(1)} MB; one upload takes at most ${UPLOAD_MAX_BYTES / MB} MB. Send fewer at once, or use rosetta import for big sets.`,
      );
    setBusy(true);
    try {
      setResult(await send.mutateAsync({ files, as }));
      if (input.current) input.current.value = "";
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(event) => void upload(event)} className="space-y-3 text-sm" data-testid="snippet-upload">
      <fieldset className="flex flex-wrap gap-x-4 gap-y-1">
        <legend className="sr-only">What the files hold</legend>
        {(
          [
            ["snippets", "Code snippets"],
            ["instructions", "Instruction pairs"],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-center gap-1.5">
            <input type="radio" name="upload-as" value={value} checked={as === value} onChange={() => setAs(value)} />
            {label}
          </label>
        ))}
      </fieldset>
      {as === "instructions" ? (
        <p className="text-slate-600">
          An existing instruction set as seed pairs: JSONL with <code>{"{instruction, response, language?}"}</code>, chat{" "}
          <code>{"{messages}"}</code>, ShareGPT <code>{"{conversations}"}</code> or Alpaca <code>{"{instruction, input, output}"}</code> a
          line (Rosetta&apos;s own exports import back). The first user/assistant exchange of a conversation is taken; the seed stage scores
          each pair and keeps those at the threshold. Bad lines are skipped with their number.
        </p>
      ) : (
        <p className="text-slate-600">
          Code files (language detected from the extension and content), JSONL (<code>{"{code, language?, path?, license?, repo?}"}</code> a
          line) or .zip archives; up to {UPLOAD_MAX_BYTES / MB} MB at once. Duplicates, files over 1,024 tokens and languages outside the
          project are skipped with the reason.
        </p>
      )}
      <input ref={input} type="file" multiple data-testid="snippet-upload-input" className="block" />
      <button
        type="submit"
        disabled={busy}
        data-testid="snippet-upload-submit"
        className="rounded-md bg-slate-900 px-3 py-2 font-medium text-white disabled:bg-slate-400"
      >
        {busy ? "Uploading and importing…" : "Upload"}
      </button>
      {error && <ErrorNote testId="upload-error">{error}</ErrorNote>}
      {result && (
        <div className="space-y-2">
          <p data-testid="upload-summary" className="font-medium">
            {result.imported} {as === "instructions" ? "instruction pair" : "snippet"}
            {result.imported === 1 ? "" : "s"} imported, {result.skipped} skipped.
          </p>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
            {result.files.map((file, i) => (
              <FileLine key={`${i}:${file.file}`} result={file} />
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}
