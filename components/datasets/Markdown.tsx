import type { ReactNode } from "react";

/**
 * Just enough Markdown for the dataset card (headings, paragraphs, lists, tables, code blocks,
 * `code` and **bold**), built as React elements: nothing of the text is ever injected as HTML, and
 * no Markdown library is pulled in for one page. Anything else shows as the plain text it is.
 */
export function Markdown({ source }: { source: string }) {
  return <div className="space-y-3 text-sm leading-relaxed">{blocks(source.replace(/\r\n/g, "\n").split("\n"))}</div>;
}

function inline(text: string): ReactNode[] {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g).map((part, i) => {
    if (part.startsWith("`") && part.endsWith("`") && part.length > 1) return <code key={i} className="rounded bg-slate-100 px-1 font-mono text-[0.85em]">{part.slice(1, -1)}</code>;
    if (part.startsWith("**") && part.endsWith("**") && part.length > 3) return <strong key={i}>{part.slice(2, -2)}</strong>;
    return part;
  });
}

const cells = (line: string) => line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((cell) => cell.trim());

function blocks(lines: string[]): ReactNode[] {
  const out: ReactNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const key = out.length;
    if (line.startsWith("```")) {
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith("```"); i++) body.push(lines[i]!);
      i++;
      out.push(<pre key={key} className="overflow-x-auto rounded bg-slate-900 p-3 font-mono text-xs text-slate-100">{body.join("\n")}</pre>);
    } else if (/^#{1,6} /.test(line)) {
      const level = line.indexOf(" ");
      const size = level === 1 ? "text-xl font-semibold" : level === 2 ? "text-lg font-semibold" : "font-semibold";
      out.push(<div key={key} role="heading" aria-level={level} className={size}>{inline(line.slice(level + 1))}</div>);
      i++;
    } else if (line.trim().startsWith("|")) {
      const rows: string[][] = [];
      for (; i < lines.length && lines[i]!.trim().startsWith("|"); i++) if (!/^\s*\|?\s*:?-{2,}/.test(lines[i]!)) rows.push(cells(lines[i]!));
      const [head, ...body] = rows;
      out.push(
        <table key={key} className="text-xs">
          <thead>
            <tr>{head?.map((cell, c) => <th key={c} className="border-b border-slate-300 px-2 py-1 text-left font-medium">{inline(cell)}</th>)}</tr>
          </thead>
          <tbody>
            {body.map((row, r) => (
              <tr key={r}>{row.map((cell, c) => <td key={c} className="border-b border-slate-100 px-2 py-1 tabular-nums">{inline(cell)}</td>)}</tr>
            ))}
          </tbody>
        </table>,
      );
    } else if (/^\s*([-*]|\d+\.) /.test(line)) {
      const items: string[] = [];
      for (; i < lines.length && /^\s*([-*]|\d+\.) /.test(lines[i]!); i++) items.push(lines[i]!.replace(/^\s*([-*]|\d+\.) /, ""));
      out.push(<ul key={key} className="list-disc space-y-0.5 pl-5">{items.map((item, n) => <li key={n}>{inline(item)}</li>)}</ul>);
    } else if (line.trim() === "") {
      i++;
    } else {
      const paragraph: string[] = [];
      for (; i < lines.length && lines[i]!.trim() !== "" && !/^(#{1,6} |```|\s*\||\s*([-*]|\d+\.) )/.test(lines[i]!); i++) paragraph.push(lines[i]!);
      out.push(<p key={key}>{inline(paragraph.join(" "))}</p>);
    }
  }
  return out;
}
