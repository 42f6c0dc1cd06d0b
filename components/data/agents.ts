"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api";
import { AgentMemoryTimeline } from "@/lib/agents/memory-timeline-types";

/** An agent's memory over time (its page). */
export function useAgentMemory(id: string) {
  return useQuery({ queryKey: ["agent-memory", id], queryFn: () => fetchJson(`/api/agents/${id}/memory`, AgentMemoryTimeline) });
}
