"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { fetchJson, sendJson } from "@/components/api";
import { STRUCTURED_OUTPUT_OPTIONS, type EndpointProfileInput, type EndpointProfileUpdate } from "@/lib/endpoints/profile-input";

/** Endpoint profiles in the browser: the query key, the answer's schema, and the mutations that refresh it, together. */

const Mode = z.enum(STRUCTURED_OUTPUT_OPTIONS);
export const EndpointProfile = z.object({
  id: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  model: z.string(),
  maxConcurrency: z.number(),
  maxTokens: z.number().nullable(),
  maxOutputTokens: z.number().nullable(),
  structuredOutput: Mode,
  structuredOutputDetected: Mode.nullable(),
  structuredOutputProbedAt: z.string().nullable(),
  hasApiKey: z.boolean(),
  scripted: z.boolean().default(false),
});
export type EndpointProfile = z.infer<typeof EndpointProfile>;
const EndpointProfiles = z.object({ items: z.array(EndpointProfile) });

/** The same key as the project settings' endpoint picker, so a profile added or renamed here shows there. */
export const ENDPOINTS_KEY = ["endpoints"] as const;

export function useEndpoints() {
  return useQuery({ queryKey: ENDPOINTS_KEY, queryFn: () => fetchJson("/api/endpoints", EndpointProfiles) });
}

export function useCreateEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: EndpointProfileInput) => EndpointProfile.parse(await sendJson("POST", "/api/endpoints", input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ENDPOINTS_KEY }),
  });
}

export function useUpdateEndpoint(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: EndpointProfileUpdate) => EndpointProfile.parse(await sendJson("PATCH", `/api/endpoints/${id}`, input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ENDPOINTS_KEY }),
  });
}

/** Removes a profile; the server refuses (409, naming them) while a project binds it. */
export function useRemoveEndpoint(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await sendJson("DELETE", `/api/endpoints/${id}`);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ENDPOINTS_KEY }),
  });
}

/** What "Test connection" answers: how long a tiny request took, or which step failed and why. */
export const ConnectionReport = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    latencyMs: z.number(),
    timeToFirstTokenMs: z.number().nullable(),
    modelListed: z.boolean(),
    models: z.array(z.string()),
  }),
  z.object({ ok: z.literal(false), step: z.string(), kind: z.string(), error: z.string() }),
]);
export type ConnectionReport = z.infer<typeof ConnectionReport>;

export async function testEndpoint(id: string): Promise<ConnectionReport> {
  return ConnectionReport.parse(await sendJson("POST", `/api/endpoints/${id}/test`, {}));
}
