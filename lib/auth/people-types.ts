import { z } from "zod";

/** People, memberships, API tokens and passwords: the shapes the API and the browser share. */

export const PROJECT_ROLES = ["curator", "annotator", "viewer"] as const;
export const ProjectRoleName = z.enum(PROJECT_ROLES);
export type ProjectRoleName = z.infer<typeof ProjectRoleName>;

const Email = z.string().trim().min(1, "Give an email address.").max(320);
/** Length and variety are checked by `passwordProblem`, which says what is wrong in words. */
const Password = z.string().max(1024);

export const UserMembership = z.object({ projectId: z.string(), slug: z.string(), name: z.string(), role: ProjectRoleName });
export const UserSummary = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  admin: z.boolean(),
  disabled: z.boolean(),
  lastSignInAt: z.string().nullable(),
  createdAt: z.string(),
  memberships: z.array(UserMembership),
});
export type UserSummary = z.infer<typeof UserSummary>;
export const UserList = z.object({ items: z.array(UserSummary) });

export const CreateUserInput = z.object({
  email: Email,
  name: z.string().trim().max(200).optional(),
  admin: z.boolean().default(false),
  /** Absent or empty: one is generated and shown once. */
  password: Password.optional(),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;
export const CreatedUser = z.object({ user: UserSummary, password: z.string().nullable() });

export const UpdateUserInput = z
  .object({ disabled: z.boolean().optional(), admin: z.boolean().optional() })
  .refine((input) => input.disabled !== undefined || input.admin !== undefined, "Say what to change: disabled or admin.");
export type UpdateUserInput = z.infer<typeof UpdateUserInput>;

export const RESET_METHODS = ["generate", "link"] as const;
export const ResetPasswordInput = z.object({ method: z.enum(RESET_METHODS) });
export type ResetPasswordInput = z.infer<typeof ResetPasswordInput>;
/** A generated password, or a one-time link's path (`/reset-password?token=…`): shown once. */
export const PasswordResetResult = z.object({
  password: z.string().nullable(),
  link: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type PasswordResetResult = z.infer<typeof PasswordResetResult>;

export const Member = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: ProjectRoleName,
  disabled: z.boolean(),
});
export type Member = z.infer<typeof Member>;
export const MemberList = z.object({ items: z.array(Member) });
export const AddMemberInput = z.object({ email: Email, role: ProjectRoleName });
export type AddMemberInput = z.infer<typeof AddMemberInput>;
export const MemberRoleInput = z.object({ role: ProjectRoleName });

export const TOKEN_STATES = ["active", "expired", "revoked"] as const;
export const TokenSummary = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: ProjectRoleName,
  project: z.string().nullable(),
  owner: z.string(),
  state: z.enum(TOKEN_STATES),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type TokenSummary = z.infer<typeof TokenSummary>;
export const TokenList = z.object({ items: z.array(TokenSummary) });
export const CreateTokenInput = z.object({
  name: z.string().trim().min(1, "Give the token a name: what it is for.").max(100),
  role: ProjectRoleName,
  /** A project's slug: the token reaches that project only. */
  project: z.string().trim().min(1).optional(),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type CreateTokenInput = z.input<typeof CreateTokenInput>;
export const CreatedToken = z.object({ token: TokenSummary, secret: z.string() });

export const ChangePasswordInput = z.object({
  currentPassword: z.string().min(1, "Give your current password.").max(1024),
  newPassword: Password,
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;
export const RedeemResetInput = z.object({ token: z.string().min(1).max(200), password: Password });
export type RedeemResetInput = z.infer<typeof RedeemResetInput>;
