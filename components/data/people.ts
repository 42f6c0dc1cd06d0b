"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { answerOf, fetchJson, sendJson } from "@/components/api";
import {
  CreatedUser,
  MemberList,
  PasswordResetResult,
  UserSummary,
  UserList,
  type AddMemberInput,
  type CreateUserInput,
  type ProjectRoleName,
  type ResetPasswordInput,
  type UpdateUserInput,
} from "@/lib/auth/people-types";

/** People in the browser: users (admins), project members, and the writes that refresh them. */

const USERS_KEY = ["users"] as const;
const membersKey = (slug: string) => ["members", slug] as const;

/** DELETE an API route; the server's `{ error }` becomes an ApiError. */
export async function deleteJson(url: string): Promise<unknown> {
  return answerOf(await fetch(url, { method: "DELETE", headers: { Accept: "application/json" } }));
}

export function useUsers() {
  return useQuery({ queryKey: USERS_KEY, queryFn: () => fetchJson("/api/users", UserList) });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: CreateUserInput) => CreatedUser.parse(await sendJson("POST", "/api/users", input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

export function useUpdateUser(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: UpdateUserInput) => UserSummary.parse(await sendJson("PATCH", `/api/users/${id}`, input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

export function useResetPassword(id: string) {
  return useMutation({
    mutationFn: async (input: ResetPasswordInput) => PasswordResetResult.parse(await sendJson("POST", `/api/users/${id}/password`, input)),
  });
}

export function useMembers(slug: string) {
  return useQuery({ queryKey: membersKey(slug), queryFn: () => fetchJson(`/api/projects/${slug}/members`, MemberList) });
}

/** Membership writes (the project named in each call) refresh every member list and the users list, which shows each user's projects. */
function useMembershipMutation<Input extends { slug: string }>(write: (input: Input) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: Input) => {
      await write(input);
    },
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: ["members"] }), queryClient.invalidateQueries({ queryKey: USERS_KEY })]),
  });
}

export function useAddMember() {
  return useMembershipMutation(({ slug, ...input }: AddMemberInput & { slug: string }) =>
    sendJson("POST", `/api/projects/${slug}/members`, input),
  );
}

export function useSetMemberRole() {
  return useMembershipMutation(({ slug, userId, role }: { slug: string; userId: string; role: ProjectRoleName }) =>
    sendJson("PATCH", `/api/projects/${slug}/members/${userId}`, { role }),
  );
}

export function useRemoveMember() {
  return useMembershipMutation(({ slug, userId }: { slug: string; userId: string }) =>
    deleteJson(`/api/projects/${slug}/members/${userId}`),
  );
}
