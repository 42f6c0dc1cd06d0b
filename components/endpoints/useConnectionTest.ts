"use client";

import { useState } from "react";
import { messageOf } from "@/components/api";
import { testEndpoint, type ConnectionReport } from "@/components/data/endpoints";

/** One "Test connection" button's state: testing, then the report (a request that fails is a report too). */
export function useConnectionTest() {
  const [report, setReport] = useState<ConnectionReport | "testing" | null>(null);
  const run = async (id: string) => {
    setReport("testing");
    try {
      setReport(await testEndpoint(id));
    } catch (caught) {
      setReport({ ok: false, step: "request", kind: "Studio", error: messageOf(caught) });
    }
  };
  return { report, run, clear: () => setReport(null) };
}
