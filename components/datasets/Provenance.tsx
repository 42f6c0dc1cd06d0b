import { KnownProvenance } from "@/components/datasets/schemas";

const th = "py-1 pr-4 text-left text-xs font-normal uppercase tracking-wide text-slate-500";

/**
 * What produced the version: the models per role (bound, and seen in its calls), the protocol
 * settings and the seeds' sources and licences. A shape this page does not know is still shown,
 * as nested lists, rather than hidden.
 */
export function Provenance({ provenance }: { provenance: unknown }) {
  if (provenance === null || provenance === undefined || (typeof provenance === "object" && Object.keys(provenance).length === 0)) {
    return <p className="text-sm text-slate-500">No provenance recorded.</p>;
  }
  const known = KnownProvenance.safeParse(provenance);
  if (!known.success) {
    return (
      <div className="text-sm" data-testid="version-provenance">
        <Value value={provenance} />
      </div>
    );
  }
  const { models, protocol, seeds, review } = known.data;
  const counts = (list: { name: string; count: number }[]) => list.map((c) => `${c.name || "—"} (${c.count})`).join(", ") || "—";
  return (
    <div className="grid grid-cols-1 gap-6 text-sm lg:grid-cols-2" data-testid="version-provenance">
      <div className="min-w-0 space-y-4">
        <table data-testid="provenance-roles">
          <caption className="pb-1 text-left font-medium">Models per role</caption>
          <thead>
            <tr>
              <th className={th}>Role</th>
              <th className={th}>Endpoint</th>
              <th className={th}>Model</th>
            </tr>
          </thead>
          <tbody>
            {models.roles.map((r) => (
              <tr key={r.role}>
                <td className="pr-4">{r.role}</td>
                <td className="pr-4">{r.endpoint}</td>
                <td className="font-mono text-xs">{r.model}</td>
              </tr>
            ))}
            {models.roles.length === 0 && (
              <tr>
                <td colSpan={3} className="text-slate-500">
                  No role was bound to an endpoint.
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {models.seen.length > 0 && (
          <table>
            <caption className="pb-1 text-left font-medium">Models seen in the project&apos;s calls</caption>
            <thead>
              <tr>
                <th className={th}>Role</th>
                <th className={th}>Model</th>
                <th className={`${th} text-right`}>Calls</th>
              </tr>
            </thead>
            <tbody className="tabular-nums">
              {models.seen.map((s) => (
                <tr key={`${s.role}:${s.model}`}>
                  <td className="pr-4">{s.role}</td>
                  <td className="pr-4 font-mono text-xs">{s.model}</td>
                  <td className="text-right">{s.calls}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1">
          <dt className="text-slate-500">Reviewed</dt>
          <dd data-testid="provenance-review">
            {review
              ? `${review.accepted} accepted${review.unreviewed ? `, ${review.unreviewed} unreviewed (taken by choice)` : ", none unreviewed"}`
              : "not recorded (cut before reviews were counted)"}
          </dd>
          <dt className="text-slate-500">Seed pairs</dt>
          <dd>{seeds.seedPairs}</dd>
          <dt className="text-slate-500">Snippets</dt>
          <dd>{seeds.snippets}</dd>
          <dt className="text-slate-500">Snippet sources</dt>
          <dd>{counts(seeds.sources)}</dd>
          <dt className="text-slate-500">Languages</dt>
          <dd>{counts(seeds.languages)}</dd>
          <dt className="text-slate-500">Licences</dt>
          <dd>{counts(seeds.licenses)}</dd>
          <dt className="text-slate-500">Repositories</dt>
          <dd className="break-words">
            {counts(seeds.repos)}
            {seeds.otherRepos > 0 ? ` and ${seeds.otherRepos} more` : ""}
          </dd>
        </dl>
      </div>
      <div className="min-w-0 space-y-1">
        <h3 className="font-medium">Protocol settings</h3>
        <Value value={protocol} />
      </div>
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
      <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1">
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
