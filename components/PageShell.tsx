import Link from "next/link";
import type { ReactNode } from "react";
import { SessionBar } from "@/components/SessionBar";

/** Full class names, so Tailwind sees them. */
const WIDTHS = {
  narrow: "max-w-3xl",
  form: "max-w-4xl",
  settings: "max-w-5xl",
  page: "max-w-6xl",
  wide: "max-w-7xl",
  full: "max-w-[1600px]",
} as const;

/** One step of the breadcrumb trail; the last one is the page itself (no link). */
export interface Crumb {
  label: string;
  href?: string;
}

export interface PageShellProps {
  title?: ReactNode;
  width?: keyof typeof WIDTHS;
  /** The project this page belongs to (its slug): the project navigation is shown. */
  project?: string;
  /** Where the page sits, from the studio down (the home link is implied). */
  crumbs?: Crumb[];
  children: ReactNode;
}

/** Every signed-in page's frame: the way home, the page's title (if it has one here), who is signed in. */
export function PageShell({ title, width = "page", crumbs, children }: PageShellProps) {
  return (
    <main className={`mx-auto ${WIDTHS[width]} space-y-6 px-6 py-10`}>
      <header className="flex flex-wrap items-center justify-between gap-4">
        <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
          <Link href="/" className="text-sm font-medium text-slate-500 hover:text-slate-900">
            Rosetta
          </Link>
          {crumbs?.map((c) =>
            c.href ? (
              <Link key={c.label} href={c.href} className="text-sm text-slate-500 hover:text-slate-900">
                {c.label}
              </Link>
            ) : (
              <span key={c.label} className="text-sm text-slate-500">
                {c.label}
              </span>
            ),
          )}
          {title && <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>}
        </div>
        <SessionBar />
      </header>
      {children}
    </main>
  );
}
