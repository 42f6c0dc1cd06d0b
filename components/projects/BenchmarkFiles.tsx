"use client";

import { useRef, useState, type DragEvent, type FormEvent } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { messageOf } from "@/components/api";
import { useAddBenchmark, useBenchmarks, useRemoveBenchmark } from "@/components/data/benchmarks";
import { BENCHMARK_MAX_BYTES } from "@/lib/projects/benchmark-types";

/**
 * The benchmarks the project's items are checked for leaks against: the bundled ones, listed, and the
 * project's own JSONL files, uploaded (chosen or dropped) and removed here. A bad file is refused
 * whole, with the line the server names.
 */
export function BenchmarkFiles({ slug, mayChange }: { slug: string; mayChange: boolean }) {
  const list = useBenchmarks(slug);
  const add = useAddBenchmark(slug);
  const remove = useRemoveBenchmark(slug);
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState("");
  const [over, setOver] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setMessage(null);
    if (!file) return setError("Choose or drop a JSONL file first.");
    if (file.size > BENCHMARK_MAX_BYTES) return setError(`${file.name} is over ${BENCHMARK_MAX_BYTES / (1024 * 1024)} MB; split it.`);
    try {
      const added = await add.mutateAsync({ file, name });
      setMessage(`Added "${added.name}": ${added.problemCount} problem${added.problemCount === 1 ? "" : "s"}.`);
      setFile(null);
      setName("");
      if (input.current) input.current.value = "";
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped && mayChange) setFile(dropped);
  };

  if (list.error) return <ErrorNote testId="benchmarks-error">{list.error.message}</ErrorNote>;
  const files = list.data?.files ?? [];
  const bundled = list.data?.bundled ?? [];
  return (
    <div className="space-y-4 text-sm" data-testid="benchmark-files">
      <p className="text-slate-600">
        Items that leak a problem of one of these benchmarks (in their instruction or their code, in any language) are flagged in review and
        left out of dataset versions.
      </p>
      <div className="space-y-1">
        <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Bundled</h3>
        {list.isPending ? (
          <p className="text-slate-500">Loading…</p>
        ) : bundled.length ? (
          <ul className="flex flex-wrap gap-1.5" data-testid="bundled-benchmarks">
            {bundled.map((b) => (
              <li key={b.name} className="rounded-md border border-slate-200 bg-slate-50 px-1.5 py-0.5 text-xs">
                {b.name} <span className="text-slate-500">{b.problems}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-500">No bundled benchmarks are installed with this studio.</p>
        )}
      </div>
      <div className="space-y-1">
        <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">This project&apos;s files</h3>
        {files.length ? (
          <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" data-testid="project-benchmarks">
            {files.map((f) => (
              <li key={f.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2" data-testid="project-benchmark">
                <span className="font-medium">{f.name}</span>
                <span className="text-slate-600">
                  {f.problemCount} problem{f.problemCount === 1 ? "" : "s"}
                </span>
                {f.fileName && <span className="min-w-0 truncate font-mono text-xs text-slate-500">{f.fileName}</span>}
                {mayChange && (
                  <button
                    type="button"
                    disabled={remove.isPending}
                    onClick={() =>
                      remove.mutate(f.id, {
                        onSuccess: () => setMessage(`Removed "${f.name}".`),
                        onError: (caught) => setError(messageOf(caught)),
                      })
                    }
                    className="ml-auto rounded-md border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50"
                  >
                    Remove {f.name}
                  </button>
                )}
              </li>
            ))}
          </ul>
        ) : (
          !list.isPending && <p className="text-slate-500">None yet.</p>
        )}
      </div>
      <form onSubmit={(event) => void upload(event)} className="space-y-2" data-testid="benchmark-upload">
        <div
          onDragOver={(event) => {
            event.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={drop}
          className={`space-y-2 rounded-md border border-dashed p-3 ${over ? "border-sky-400 bg-sky-50" : "border-slate-300"}`}
        >
          <p className="text-slate-600">
            A JSONL file, one problem a line: <code>{"{task_id, prompt, canonical_solution, language?}"}</code> (also <code>id</code>,{" "}
            <code>statement</code>/<code>description</code>, <code>solution</code>/<code>code</code>). Drop it here or choose it.
          </p>
          <input
            ref={input}
            type="file"
            accept=".jsonl,.json,.txt,application/jsonl"
            aria-label="Benchmark file"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            className="block max-w-full"
          />
          {file && <p className="text-xs text-slate-600">{file.name}</p>}
        </div>
        <label className="flex flex-wrap items-center gap-2">
          Name
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder={file ? file.name.replace(/\.jsonl$/i, "") : "the file's name"}
            className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1 sm:max-w-xs"
          />
        </label>
        <button
          type="submit"
          disabled={add.isPending}
          className="rounded-md bg-slate-900 px-3 py-2 font-medium text-white disabled:bg-slate-400"
        >
          {add.isPending ? "Checking and adding…" : "Add benchmark file"}
        </button>
      </form>
      {error && <ErrorNote testId="benchmark-error">{error}</ErrorNote>}
      {message && (
        <p role="status" className="text-emerald-700" data-testid="benchmark-message">
          {message}
        </p>
      )}
    </div>
  );
}
