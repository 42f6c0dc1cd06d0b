import type { ReactNode } from "react";
import { Breadcrumbs, type Crumb } from "@/components/nav/Breadcrumbs";
import { ProjectNav } from "@/components/nav/ProjectNav";

export type { Crumb } from "@/components/nav/Breadcrumbs";

/** Full class names, so Tailwind sees them. */
const WIDTHS = {
  narrow: "max-w-3xl",
  form: "max-w-4xl",
  settings: "max-w-5xl",
  page: "max-w-6xl",
  wide: "max-w-7xl",
  full: "max-w-[1600px]",
} as const;

export interface PageShellProps {
  title?: ReactNode;
  width?: keyof typeof WIDTHS;
  /** The project this page belongs to (its slug): the project navigation is shown. */
  project?: string;
  /** Where the page sits, from the studio down (the home link is implied). */
  crumbs?: Crumb[];
  children: ReactNode;
}

/**
 * Every signed-in page's frame below the studio header (app/layout.tsx): the project's navigation,
 * the breadcrumb trail, the page's title (if it has one here). `min-w-0` everywhere a child could be
 * wide: a table or a chart scrolls inside its own box, never the page.
 */
export function PageShell({ title, width = "page", project, crumbs, children }: PageShellProps) {
  return (
    <main className={`mx-auto ${WIDTHS[width]} min-w-0 space-y-6 px-4 py-6 sm:px-6 sm:py-8`}>
      {(project || crumbs) && (
        <div className="space-y-3">
          {project && <ProjectNav slug={project} />}
          {crumbs && <Breadcrumbs crumbs={crumbs} />}
        </div>
      )}
      {title && <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>}
      {children}
    </main>
  );
}
