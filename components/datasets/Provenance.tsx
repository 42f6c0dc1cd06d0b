/**
 * What produced the version (models per role, protocol settings, seed sources), shown as nested
 * lists. The server decides its shape and may grow it, so it is rendered from whatever it holds.
 */
export function Provenance({ provenance }: { provenance: unknown }) {
  if (provenance === null || provenance === undefined || (typeof provenance === "object" && Object.keys(provenance).length === 0)) {
    return <p className="text-sm text-slate-500">No provenance recorded.</p>;
  }
  return (
    <div className="text-sm" data-testid="version-provenance">
      <Value value={provenance} />
    </div>
  );
}

const label = (key: string) => key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_/g, " ");

function Value({ value }: { value: unknown }) {
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) return <span>{value.map(String).join(", ") || "—"}</span>;
    return (
      <ol className="list-decimal space-y-1 pl-5">
        {value.map((v, i) => (
          <li key={i}>
            <Value value={v} />
          </li>
        ))}
      </ol>
    );
  }
  if (value !== null && typeof value === "object") {
    return (
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        {Object.entries(value).map(([key, v]) => (
          <div key={key} className="contents">
            <dt className="text-slate-500">{label(key)}</dt>
            <dd className="min-w-0 break-words">
              <Value value={v} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return <span className="font-mono text-xs">{value === null ? "—" : String(value)}</span>;
}
