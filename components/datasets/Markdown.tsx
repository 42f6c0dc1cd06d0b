import { Fragment } from "react";
import { parseInline, parseMarkdown, type Block } from "@/components/datasets/markdown-blocks";

/**
 * The dataset card rendered from its Markdown, as React elements: nothing of the text is ever
 * injected as HTML, and no Markdown library is pulled in for one page.
 */
export function Markdown({ source }: { source: string }) {
  return (
    <div className="space-y-3 text-sm leading-relaxed">
      {parseMarkdown(source).map((block, i) => (
        <Fragment key={i}>{render(block)}</Fragment>
      ))}
    </div>
  );
}

function Text({ text }: { text: string }) {
  return parseInline(text).map((part, i) =>
    part.kind === "code" ? (
      <code key={i} className="rounded bg-slate-100 px-1 font-mono text-[0.85em]">
        {part.text}
      </code>
    ) : part.kind === "bold" ? (
      <strong key={i}>{part.text}</strong>
    ) : (
      <Fragment key={i}>{part.text}</Fragment>
    ),
  );
}

const HEADING_SIZE = ["", "text-xl font-semibold", "text-lg font-semibold"];

function render(block: Block) {
  switch (block.kind) {
    case "frontMatter":
      return <pre className="overflow-x-auto rounded bg-slate-100 p-3 font-mono text-xs text-slate-700">{block.text}</pre>;
    case "code":
      return <pre className="overflow-x-auto rounded bg-slate-900 p-3 font-mono text-xs text-slate-100">{block.text}</pre>;
    case "heading":
      return (
        <div role="heading" aria-level={block.level} className={HEADING_SIZE[block.level] ?? "font-semibold"}>
          <Text text={block.text} />
        </div>
      );
    case "table":
      return (
        // A wide table scrolls inside the card rather than widening the page (the per-language table has 11 columns).
        <div className="overflow-x-auto">
          <table className="text-xs">
            <thead>
              <tr>
                {block.head.map((cell, c) => (
                  <th key={c} className="border-b border-slate-300 px-2 py-1 text-left font-medium">
                    <Text text={cell} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) => (
                    <td key={c} className="border-b border-slate-100 px-2 py-1 tabular-nums">
                      <Text text={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case "list":
      return (
        <ul className="list-disc space-y-0.5 pl-5">
          {block.items.map((item, n) => (
            <li key={n}>
              <Text text={item} />
            </li>
          ))}
        </ul>
      );
    case "rule":
      return <hr className="border-slate-200" />;
    case "paragraph":
      return (
        <p>
          <Text text={block.text} />
        </p>
      );
  }
}
