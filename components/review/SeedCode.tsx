"use client";

import "../monaco-setup";
import { Editor } from "@monaco-editor/react";
import { monacoLanguage } from "@/components/review/monaco-language";

/** A source seed's code, read-only, highlighted in its own language. */
export default function SeedCode({ code, language }: { code: string; language: string }) {
  return (
    <div className="h-[320px] overflow-hidden rounded border border-slate-200" data-testid="seed-code" data-language={language}>
      <Editor
        value={code}
        language={monacoLanguage(language)}
        options={{
          readOnly: true,
          domReadOnly: true,
          automaticLayout: true,
          minimap: { enabled: false },
          lineNumbers: "off",
          scrollBeyondLastLine: false,
        }}
      />
    </div>
  );
}
