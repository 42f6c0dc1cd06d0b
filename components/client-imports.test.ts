import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/** The lint rule that keeps server code out of the browser (eslint.config.mjs), tried on a component that imports each kind. */
const eslint = new ESLint();
async function refusedImports(source: string, filePath = "components/Probe.tsx"): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => source.split("\n")[m.line - 1]!);
}

const SERVER = [
  'import "server-only";',
  'import { readFile } from "node:fs/promises";',
  'import fs from "fs";',
  'import { Pool } from "pg";',
  'import { getDb } from "@/lib/db/client";',
  'import { Gateway } from "@/lib/llm/gateway";',
  'import { enqueue } from "@/lib/jobs/enqueue";',
  'import { verify } from "@/lib/sandbox/verify";',
  'import { startRun } from "@/lib/synthesis/runs";',
  'import { route } from "@/lib/auth/request";',
  'import { getDashboard } from "@/lib/projects/dashboard";',
  'import { decide } from "@/lib/review/decide";',
  'import { agreementReport } from "@/lib/review/agreement/report";',
  'import { read } from "@/lib/datasets/versions";',
  'import { env } from "@/lib/env";',
];
const CLIENT_SAFE = [
  'import { LANGUAGES } from "@/lib/languages";',
  'import { LLM_ROLES } from "@/lib/model-roles";',
  'import { can } from "@/lib/auth/permissions";',
  'import { ProjectConfig } from "@/lib/projects/config-types";',
  'import { Dashboard } from "@/lib/projects/dashboard-types";',
  'import { CandidateDetail } from "@/lib/review/candidate-types";',
  'import { AgreementReport } from "@/lib/review/agreement/report-types";',
  'import { ProjectSettings } from "@/lib/synthesis/settings";',
  'import { VersionSummary } from "@/lib/datasets/version-types";',
  'import { applyDelta } from "@/lib/live/turn-text";',
  'import { useQuery } from "@tanstack/react-query";',
];

describe("client code may not import server-only modules", () => {
  it("refuses each server-only import in a component, and lets the client-safe ones through", async () => {
    expect(await refusedImports([...SERVER, ...CLIENT_SAFE].join("\n"))).toEqual(SERVER);
  });

  it("holds for pages and layouts, not for route handlers", async () => {
    const source = 'import { getDb } from "@/lib/db/client";\nexport const x = getDb;\n';
    expect(await refusedImports(source, "app/projects/[slug]/page.tsx")).toHaveLength(1);
    expect(await refusedImports(source, "app/layout.tsx")).toHaveLength(1);
    expect(await refusedImports(source, "app/api/projects/route.ts")).toHaveLength(0);
  });
});
