"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useMe } from "@/components/data/session";
import { SessionBar } from "@/components/SessionBar";
import { StudioMenu } from "@/components/nav/StudioMenu";

/**
 * The bar on every signed-in page: the way home, the studio menu, who is signed in. It sits in the
 * root layout so pages added later have it too; the signed-out pages ask nobody who is signed in.
 */
/** Pages for someone not signed in: asking who is signed in there only gets a 401. */
const PUBLIC_PAGES = new Set(["/sign-in", "/reset-password"]);

export function StudioHeader() {
  const pathname = usePathname();
  if (PUBLIC_PAGES.has(pathname)) return null;
  return <SignedInHeader />;
}

function SignedInHeader() {
  const me = useMe();
  if (!me.data) return null;
  return (
    <header className="border-b border-slate-200 bg-white" data-testid="studio-header">
      <div className="mx-auto flex max-w-[1600px] items-center gap-3 px-4 py-2 sm:px-6">
        <Link href="/" className="shrink-0 text-sm font-semibold text-slate-900">
          Rosetta
        </Link>
        {/* Studio-wide pages go by the highest role anywhere, as their routes authorize. */}
        <StudioMenu role={me.data.admin ? "admin" : me.data.role} />
        <div className="ml-auto min-w-0">
          <SessionBar />
        </div>
      </div>
    </header>
  );
}
