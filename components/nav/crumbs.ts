import type { Crumb } from "@/components/nav/Breadcrumbs";

/** A project page's trail: the project (linking to its dashboard), then the page's own steps. */
export function projectCrumbs(slug: string, ...rest: Crumb[]): Crumb[] {
  return [{ label: slug, href: `/projects/${slug}` }, ...rest];
}
