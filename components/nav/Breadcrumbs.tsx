import Link from "next/link";

/** One step of the breadcrumb trail; the last one is the page itself (no link). */
export interface Crumb {
  label: string;
  href?: string;
}

/** Where the page sits: home › project › page. Long trails wrap rather than widen a phone's page. */
export function Breadcrumbs({ crumbs }: { crumbs: Crumb[] }) {
  const trail: Crumb[] = [{ label: "Home", href: "/" }, ...crumbs];
  return (
    <nav aria-label="Breadcrumb" data-testid="breadcrumbs">
      <ol className="flex flex-wrap items-center gap-x-1.5 text-sm text-slate-500">
        {trail.map((crumb, index) => (
          <li key={`${index}-${crumb.label}`} className="flex min-w-0 items-center gap-1.5">
            {index > 0 && <span aria-hidden="true">›</span>}
            {crumb.href && index < trail.length - 1 ? (
              <Link href={crumb.href} className="truncate hover:text-slate-900">
                {crumb.label}
              </Link>
            ) : (
              <span aria-current="page" className="truncate text-slate-700">
                {crumb.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
