"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, sendJson } from "@/components/api";
import { deleteJson } from "@/components/data/people";
import { CreatedToken, TokenList, type ChangePasswordInput, type CreateTokenInput } from "@/lib/auth/people-types";

/** The signed-in user's API tokens (an admin: everyone's too) and their own password. */

const tokensKey = (all: boolean) => ["tokens", all ? "all" : "mine"] as const;

export function useTokens({ all = false }: { all?: boolean } = {}) {
  return useQuery({ queryKey: tokensKey(all), queryFn: () => fetchJson(`/api/tokens${all ? "?all=1" : ""}`, TokenList) });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: CreateTokenInput) => CreatedToken.parse(await sendJson("POST", "/api/tokens", input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["tokens"] }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      await deleteJson(`/api/tokens/${id}`);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["tokens"] }),
  });
}

export async function changePassword(input: ChangePasswordInput): Promise<void> {
  await sendJson("POST", "/api/account/password", input);
}

/** Follows a one-time reset link: sets the password and signs this browser in. */
export async function redeemPasswordReset(token: string, password: string): Promise<void> {
  await sendJson("POST", "/api/auth/reset-password", { token, password });
}
