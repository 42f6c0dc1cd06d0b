import { structureTurn } from "@/components/discussion/turn-structure";

const label = (key: string) => key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_/g, " ");

/**
 * A turn's text: while it streams, as it arrives; once stored, read into its fields when it is a
 * JSON answer (the raw output one click away), as it is otherwise.
 */
export function TurnBody({ text, done }: { text: string; done: boolean }) {
  const structure = done ? structureTurn(text) : null;
  if (!structure) {
    return (
      <pre className="max-h-[32rem] overflow-auto whitespace-pre-wrap text-sm" data-testid="turn-text">
        {text}
      </pre>
    );
  }
  return (
    <div className="space-y-2 text-sm" data-testid="turn-text" data-structured="true">
      {structure.kind === "scores" ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left">
            <tbody className="divide-y divide-slate-100">
              {structure.rows.map((row) => (
                <tr key={row.aspect}>
                  <td className="py-0.5 pr-3 whitespace-nowrap text-slate-600">{label(row.aspect)}</td>
                  <td className="py-0.5 pr-3 font-medium tabular-nums">{row.score}</td>
                  <td className="py-0.5">{row.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        structure.fields.map((field) => (
          <div key={field.key}>
            <div className="text-xs font-medium uppercase tracking-wide text-slate-400">{label(field.key)}</div>
            {field.kind === "code" ? (
              <pre className="max-h-96 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs whitespace-pre">{field.value}</pre>
            ) : field.kind === "list" ? (
              <ul className="list-disc pl-5">
                {(field.value as string[]).map((item, i) => (
                  <li key={i}>{item}</li>
                ))}
              </ul>
            ) : (
              <p className="whitespace-pre-wrap">{field.value}</p>
            )}
          </div>
        ))
      )}
      <details className="text-xs text-slate-500">
        <summary className="cursor-pointer">raw output</summary>
        <pre className="max-h-96 overflow-auto whitespace-pre-wrap">{text}</pre>
      </details>
    </div>
  );
}
