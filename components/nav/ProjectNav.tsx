"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

const SECTIONS = [
  { path: "", label: "Dashboard" },
  { path: "/discussions", label: "Discussions" },
  { path: "/review", label: "Review" },
  { path: "/agreement", label: "Agreement" },
  { path: "/datasets", label: "Datasets" },
  { path: "/evaluations", label: "Evaluations" },
  { path: "/settings", label: "Settings" },
] as const;

/**
 * The project's sections, the current one marked. A discussion page (`/discussions/<id>`) counts as
 * the project's Discussions. On a phone the row scrolls inside itself rather than widening the page.
 */
export function ProjectNav({ slug }: { slug: string }) {
  const pathname = usePathname();
  const list = useRef<HTMLUListElement>(null);
  // On a phone the row may scroll: the current section is brought into view, not left off-screen.
  useEffect(() => {
    list.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [pathname]);
  const base = `/projects/${slug}`;
  const current = (path: string) =>
    path === "" ? pathname === base : pathname.startsWith(base + path) || (path === "/discussions" && pathname.startsWith("/discussions/"));
  return (
    <nav aria-label="Project" className="-mx-4 overflow-x-auto border-b border-slate-200 px-4 sm:mx-0 sm:px-0" data-testid="project-nav">
      <ul ref={list} className="flex gap-1 whitespace-nowrap text-sm">
        {SECTIONS.map(({ path, label }) => {
          const here = current(path);
          return (
            <li key={label}>
              <Link
                href={base + path}
                aria-current={here ? "page" : undefined}
                className={`-mb-px inline-block border-b-2 px-3 py-2 ${
                  here ? "border-slate-900 font-medium text-slate-900" : "border-transparent text-slate-500 hover:text-slate-900"
                }`}
              >
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
