import type { ReactNode } from "react";

export interface Column<Row> {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Figures line up on the right. */
  align?: "right";
  /** Classes for the column's header and cells alike (e.g. extra padding). */
  className?: string;
  /** Classes for its cells only (a tone, a font). */
  cellClassName?: string;
}

/** What a row carries besides its cells: the test id and data attributes the e2e specs find it by. */
type RowAttributes = { className?: string } & { [attribute: `data-${string}`]: string | undefined };

const STYLE = {
  // Figures inside a page section: no frame, tight rows.
  plain: { frame: "overflow-x-auto", head: "", header: "py-1", cell: "py-1" },
  // A list that is the page's content: framed like a card, a shaded header row.
  card: {
    frame: "overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm",
    head: "bg-slate-50",
    header: "px-3 py-2 font-medium",
    cell: "px-3 py-2",
  },
} as const;

const classes = (...parts: (string | false | undefined)[]) => parts.filter(Boolean).join(" ");

/**
 * The studio's table: columns, rows, and what to say when there are none (`empty`, one row across
 * every column; without it an empty table shows its header only). `footer` sits inside the frame,
 * under the table (a "show more" button).
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  rowAttributes,
  empty,
  footer,
  testId,
  variant = "plain",
  className,
  bodyClassName,
}: {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  rowAttributes?: (row: Row) => RowAttributes;
  empty?: ReactNode;
  footer?: ReactNode;
  testId?: string;
  variant?: keyof typeof STYLE;
  className?: string;
  bodyClassName?: string;
}) {
  const style = STYLE[variant];
  const align = (column: Column<Row>) => (column.align === "right" ? "text-right" : undefined);
  return (
    <div className={style.frame}>
      <table className={classes(className, "w-full text-sm")} data-testid={testId}>
        <thead className={classes(style.head, "text-left text-xs uppercase tracking-wide text-slate-500")}>
          <tr>
            {columns.map((column, index) => (
              <th key={index} className={classes(style.header, column.className, align(column))}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={classes("divide-y divide-slate-100", bodyClassName)}>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowAttributes?.(row)}>
              {columns.map((column, index) => (
                <td key={index} className={classes(style.cell, column.className, align(column), column.cellClassName)}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
          {rows.length === 0 && empty !== undefined && (
            <tr>
              <td colSpan={columns.length} className={classes(style.cell, "text-slate-600")}>
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {footer}
    </div>
  );
}
