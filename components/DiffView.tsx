"use client";

import "./monaco-setup";
import { DiffEditor, type DiffOnMount } from "@monaco-editor/react";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { monacoLanguage } from "@/components/review/monaco-language";

type DiffEditorInstance = Parameters<DiffOnMount>[0];
type DiffModels = NonNullable<ReturnType<DiffEditorInstance["getModel"]>>;

/** Under this width the two sides go one above the other (inline): side by side, each would be a sliver. */
const NARROW = "(max-width: 767px)";
const subscribeNarrow = (notify: () => void) => {
  const query = window.matchMedia(NARROW);
  query.addEventListener("change", notify);
  return () => query.removeEventListener("change", notify);
};
const useNarrow = () =>
  useSyncExternalStore(
    subscribeNarrow,
    () => window.matchMedia(NARROW).matches,
    () => false,
  );

/**
 * Two versions in Monaco's diff editor (the agent's original against the current revision; in a
 * conflict, theirs against mine): side by side, or inline on a narrow screen, long lines wrapped;
 * the right side editable when editing, each change reported through onChange. The texts are read
 * once, when it mounts (give it a new key to show others): while someone types, the editor owns the
 * text, and feeding each reported change back in as a prop would race the keystrokes still arriving.
 */
export default function DiffView({
  original,
  modified,
  language,
  editable = false,
  onMount,
  onChange,
  testId = "diff-view",
  height = "h-[420px]",
}: {
  original: string;
  modified: string;
  language: string;
  editable?: boolean;
  onMount?: DiffOnMount;
  onChange?: (value: string) => void;
  testId?: string;
  height?: string;
}) {
  const [texts] = useState({ original, modified });
  const narrow = useNarrow();
  const editor = useRef<{ editor: DiffEditorInstance; models: DiffModels } | null>(null);
  useEffect(
    () => () => {
      // The wrapper disposes its models before the editor, and Monaco then logs "TextModel got
      // disposed before DiffEditorWidget model got reset". It keeps them (keepCurrent…Model), and
      // here the editor lets go of them first, then they are disposed.
      const mounted = editor.current;
      if (!mounted) return;
      mounted.editor.setModel(null);
      mounted.models.original.dispose();
      mounted.models.modified.dispose();
    },
    [],
  );
  return (
    <div className={`${height} overflow-hidden rounded border border-slate-200`} data-testid={testId} data-editable={editable}>
      <DiffEditor
        original={texts.original}
        modified={texts.modified}
        language={monacoLanguage(language)}
        keepCurrentOriginalModel
        keepCurrentModifiedModel
        onMount={(diff, monaco) => {
          const models = diff.getModel();
          if (models) editor.current = { editor: diff, models };
          const right = diff.getModifiedEditor();
          // No language services are bundled, so completions would only be words from the text,
          // which pop up mid-word and take keystrokes; a reviewer's edits are small.
          right.updateOptions({ quickSuggestions: false, wordBasedSuggestions: "off", suggestOnTriggerCharacters: false });
          if (onChange) right.onDidChangeModelContent(() => onChange(right.getValue()));
          onMount?.(diff, monaco);
        }}
        options={{
          readOnly: !editable,
          originalEditable: false,
          automaticLayout: true,
          renderSideBySide: !narrow,
          // A column too narrow for two sides goes inline as well; the tests beside the solution (each
          // about 600 px on a wide screen) stay side by side.
          useInlineViewWhenSpaceIsLimited: true,
          renderSideBySideInlineBreakpoint: 560,
          minimap: { enabled: false },
          wordWrap: "on",
          diffWordWrap: "on",
          scrollBeyondLastLine: false,
        }}
      />
    </div>
  );
}
