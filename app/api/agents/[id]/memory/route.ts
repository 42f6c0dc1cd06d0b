import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { agentMemoryTimeline } from "@/lib/agents/memory-timeline";

export const dynamic = "force-dynamic";

/** An agent's memory over time: every insert, rejection (with the sample it resembled) and eviction (with what replaced it), by round. */
export const GET = route<{ id: string }>(
  "project:read",
  async (_context, { id }) => Response.json(await agentMemoryTimeline(getDb(), id)),
  {
    project: "agent",
  },
);
