"use client";

import "./monaco-setup";
import { DiffEditor, type DiffOnMount } from "@monaco-editor/react";

/** Monaco's language ids for Rosetta's languages. */
const MONACO_LANGUAGE: Record<string, string> = { python: "python", javascript: "javascript", typescript: "typescript", java: "java", cpp: "cpp", csharp: "csharp", php: "php", bash: "shell", go: "go", rust: "rust" };

/** The agent's original against the current revision, side by side; the right side editable when editing. */
export default function DiffView({
  original,
  modified,
  language,
  editable = false,
  onMount,
}: {
  original: string;
  modified: string;
  language: string;
  editable?: boolean;
  onMount?: DiffOnMount;
}) {
  return (
    <div className="h-[420px] overflow-hidden rounded border border-slate-200" data-testid="diff-view" data-editable={editable}>
      <DiffEditor
        original={original}
        modified={modified}
        language={MONACO_LANGUAGE[language] ?? "plaintext"}
        onMount={onMount}
        options={{ readOnly: !editable, originalEditable: false, automaticLayout: true, renderSideBySide: true, minimap: { enabled: false } }}
      />
    </div>
  );
}
