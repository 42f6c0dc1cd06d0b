"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { can, type Permission, type Role } from "@/lib/auth/permissions";

interface MenuLink {
  href: string;
  label: string;
  /** What the page is for: someone whose role does not have it is not offered the page. */
  permission?: Permission;
}

/** The studio's pages, beyond any one project. Projects, account and tokens are everyone's. */
export const STUDIO_LINKS: MenuLink[] = [
  { href: "/", label: "Projects" },
  { href: "/settings/endpoints", label: "Endpoints", permission: "endpoint:manage" },
  { href: "/settings/people", label: "People", permission: "user:manage" },
  { href: "/audit", label: "Audit", permission: "audit:read" },
  { href: "/account", label: "My account" },
  { href: "/settings/tokens", label: "My tokens" },
];

/** A menu button (the same at every width, so a phone's header stays one line) opening the studio's pages. */
export function StudioMenu({ role }: { role: Role | null }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    // A click anywhere else closes it, as menus do.
    const close = (event: MouseEvent) => {
      if (!box.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);
  const links = STUDIO_LINKS.filter((link) => !link.permission || can(role, link.permission));
  return (
    <div ref={box} className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="studio-menu"
        onClick={() => setOpen((was) => !was)}
        className="rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-700 hover:bg-slate-50"
      >
        Menu
      </button>
      {open && (
        <nav
          id="studio-menu"
          aria-label="Studio"
          className="absolute left-0 z-20 mt-1 w-48 rounded-md border border-slate-200 bg-white py-1 shadow-lg"
        >
          <ul className="text-sm">
            {links.map((link) => (
              <li key={link.href}>
                {/* Not prefetched: a menu opened is not a page about to be visited, and its pages are many. */}
                <Link
                  href={link.href}
                  prefetch={false}
                  onClick={() => setOpen(false)}
                  className="block px-3 py-1.5 text-slate-700 hover:bg-slate-50"
                >
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </div>
  );
}
