import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { projectDashboard } from "@/lib/projects/dashboard";

export const dynamic = "force-dynamic";

/** Where the project's work stands: runs, discussions, per-language counts and rates, tokens, cost, failures. */
export const GET = route<{ slug: string }>(
  "project:read",
  async ({ projectId }) => Response.json(await projectDashboard(getDb(), projectId)),
  { project: "slug" },
);
