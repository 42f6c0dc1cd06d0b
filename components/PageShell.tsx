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

/** Every signed-in page's frame: the way home, the page's title (if it has one here), who is signed in. */
export function PageShell({ title, width = "page", children }: { title?: ReactNode; width?: keyof typeof WIDTHS; children: ReactNode }) {
  return (
    <main className={`mx-auto ${WIDTHS[width]} space-y-6 px-6 py-10`}>
      <header className="flex items-center justify-between gap-4">
        <div className="flex items-baseline gap-3">
          <Link href="/" className="text-sm font-medium text-slate-500 hover:text-slate-900">
            Rosetta
          </Link>
          {title && <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>}
        </div>
        <SessionBar />
      </header>
      {children}
    </main>
  );
}
