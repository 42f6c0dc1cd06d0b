import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable, type Column } from "@/components/DataTable";

type Row = { language: string; items: number };
const COLUMNS: Column<Row>[] = [
  { header: "Language", cell: (row) => row.language },
  { header: "Items", align: "right", cellClassName: "text-rose-700", cell: (row) => row.items },
];
const render = (rows: Row[], empty?: string) =>
  renderToStaticMarkup(
    <DataTable
      testId="t"
      columns={COLUMNS}
      rows={rows}
      rowKey={(row) => row.language}
      rowAttributes={(row) => ({ "data-testid": "t-row", "data-language": row.language })}
      empty={empty}
    />,
  );

describe("DataTable", () => {
  it("renders a header per column and a row per item, with the row's test id and data attributes", () => {
    const html = render([
      { language: "python", items: 3 },
      { language: "go", items: 5 },
    ]);
    expect(html.match(/<th /g)).toHaveLength(2);
    expect(html).toContain('data-testid="t"');
    expect(html.match(/data-testid="t-row"/g)).toHaveLength(2);
    expect(html).toContain('data-language="go"');
    expect(html).toMatch(/<td class="[^"]*text-right[^"]*text-rose-700[^"]*">5<\/td>/);
  });

  it("says what the empty state says, across every column, only when there are no rows", () => {
    expect(render([], "Nothing yet.")).toMatch(/<td colSpan="2" class="[^"]*">Nothing yet\.<\/td>/);
    expect(render([{ language: "go", items: 1 }], "Nothing yet.")).not.toContain("Nothing yet.");
  });

  it("shows only its header when empty and no empty state is given", () => {
    const html = render([]);
    expect(html).toContain("<tbody");
    expect(html).not.toContain("<td");
  });
});
