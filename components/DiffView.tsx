"use client";

import "./monaco-setup";
import { DiffEditor, type DiffOnMount } from "@monaco-editor/react";
import { useState } from "react";
import { monacoLanguage } from "@/components/review/monaco-language";

/**
 * Two versions side by side in Monaco's diff editor (the agent's original against the current
 * revision; in a conflict, theirs against mine); the right side editable when editing, each change
 * reported through onChange. The texts are read once, when it mounts (give it a new key to show
 * others): while someone types, the editor owns the text, and feeding each reported change back in
 * as a prop would race the keystrokes still arriving and drop some.
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
  return (
    <div className={`${height} overflow-hidden rounded border border-slate-200`} data-testid={testId} data-editable={editable}>
      <DiffEditor
        original={texts.original}
        modified={texts.modified}
        language={monacoLanguage(language)}
        onMount={(editor, monaco) => {
          const right = editor.getModifiedEditor();
          // No language services are bundled, so completions would only be words from the text,
          // which pop up mid-word and take keystrokes; a reviewer's edits are small.
          right.updateOptions({ quickSuggestions: false, wordBasedSuggestions: "off", suggestOnTriggerCharacters: false });
          if (onChange) right.onDidChangeModelContent(() => onChange(right.getValue()));
          onMount?.(editor, monaco);
        }}
        options={{
          readOnly: !editable,
          originalEditable: false,
          automaticLayout: true,
          renderSideBySide: true,
          minimap: { enabled: false },
          wordWrap: language === "markdown" ? "on" : "off",
        }}
      />
    </div>
  );
}
