"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { LanguagePicker } from "@/components/projects/LanguagePicker";
import { messageOf } from "@/components/api";
import { useCreateProject } from "@/components/data/projects";
import type { Language } from "@/lib/languages";
import { CreateProjectInput } from "@/lib/projects/config-types";
import { usePermission } from "@/components/data/session";
import { NeedsRole } from "@/components/NeedsRole";

/** A slug from a name: lower-case letters, digits and dashes. */
function slugOf(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63);
}

/** A new project: name, slug (suggested from the name), languages; then on to its settings. */
export function ProjectCreateForm() {
  const router = useRouter();
  const create = useCreateProject();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState<string | null>(null);
  const [languages, setLanguages] = useState<Language[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const effectiveSlug = slug ?? slugOf(name);
  const permission = usePermission("project:create");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const parsed = CreateProjectInput.safeParse({ name, slug: effectiveSlug, languages });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message])));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await create.mutateAsync(parsed.data);
      router.push(`/projects/${parsed.data.slug}/settings`);
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  };

  if (permission.known && !permission.allowed) return <NeedsRole role={permission.needed} action="Creating a project" studio />;
  return (
    <form
      onSubmit={(event) => void submit(event)}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 text-sm shadow-sm"
      data-testid="project-create-form"
    >
      <label className="block space-y-1">
        <span className="font-medium">Name</span>
        <input
          data-testid="project-name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          className="w-full rounded-md border border-slate-300 px-3 py-2"
          placeholder="e.g. Multilingual algorithms"
        />
        {errors.name && (
          <span className="text-xs text-rose-700" data-testid="project-name-error">
            {errors.name}
          </span>
        )}
      </label>
      <label className="block space-y-1">
        <span className="font-medium">Slug</span>
        <input
          data-testid="project-slug"
          value={effectiveSlug}
          onChange={(event) => setSlug(event.target.value)}
          className="w-full rounded-md border border-slate-300 px-3 py-2 font-mono"
          placeholder="multilingual-algorithms"
        />
        <span className="block text-xs text-slate-500">In the project&apos;s address and the CLI&apos;s --project.</span>
        {errors.slug && (
          <span className="text-xs text-rose-700" data-testid="project-slug-error">
            {errors.slug}
          </span>
        )}
      </label>
      <LanguagePicker value={languages} onChange={setLanguages} testIdPrefix="project-language" />
      {error && <ErrorNote testId="project-create-error">{error}</ErrorNote>}
      <button
        type="submit"
        disabled={busy}
        data-testid="project-create-submit"
        className="rounded-md bg-slate-900 px-3 py-2 font-medium text-white disabled:bg-slate-400"
      >
        {busy ? "Creating…" : "Create project"}
      </button>
    </form>
  );
}
