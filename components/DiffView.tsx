"use client";

import "./monaco-setup";
import { DiffEditor } from "@monaco-editor/react";

/** Monaco's language ids for Rosetta's languages. */
const MONACO_LANGUAGE: Record<string, string> = { python: "python", javascript: "javascript", typescript: "typescript", java: "java", cpp: "cpp", csharp: "csharp", php: "php", bash: "shell", go: "go", rust: "rust" };

/** The agent's original against the current revision, side by side (read-only here). */
export default function DiffView({ original, modified, language }: { original: string; modified: string; language: string }) {
  return (
    <div className="h-[420px] overflow-hidden rounded border border-slate-200" data-testid="diff-view">
      <DiffEditor original={original} modified={modified} language={MONACO_LANGUAGE[language] ?? "plaintext"} options={{ readOnly: true, originalEditable: false, automaticLayout: true, renderSideBySide: true, minimap: { enabled: false } }} />
    </div>
  );
}
