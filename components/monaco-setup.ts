"use client";
// Monaco bundled with the app (never from a CDN): the core, the editor features and the syntax
// definitions; one worker (the diff computation), no language services.
import * as monaco from "monaco-editor/editor";
import "monaco-editor/features/register.all";
import "monaco-editor/languages/definitions/register.all";
import { loader } from "@monaco-editor/react";

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

window.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return new Worker(new URL("./editor.worker.ts", import.meta.url), { type: "module", name: label });
  },
};
loader.config({ monaco: monaco as unknown as Parameters<typeof loader.config>[0]["monaco"] });
