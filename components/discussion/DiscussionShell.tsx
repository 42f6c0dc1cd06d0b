"use client";

import type { ReactNode } from "react";
import { useDiscussion } from "@/components/data/discussions";
import { projectCrumbs } from "@/components/nav/crumbs";
import { PageShell } from "@/components/PageShell";

/** A discussion's frame: it belongs to a project, whose navigation and trail it shows once the discussion (shared query) has loaded. */
export function DiscussionShell({ id, children }: { id: string; children: ReactNode }) {
  const slug = useDiscussion(id).data?.projectSlug;
  return (
    <PageShell
      width="wide"
      title="Discussion"
      project={slug}
      crumbs={
        slug ? projectCrumbs(slug, { label: "Discussions", href: `/projects/${slug}/discussions` }, { label: "Discussion" }) : undefined
      }
    >
      {children}
    </PageShell>
  );
}
