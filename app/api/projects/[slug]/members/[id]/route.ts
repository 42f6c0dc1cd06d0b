import { idParam } from "@/lib/auth/ids";
import { removeMember, setMemberRole } from "@/lib/auth/memberships";
import { MemberRoleInput } from "@/lib/auth/people-types";
import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Changes a member's role in the project (`id` is the user's). */
export const PATCH = route<{ slug: string; id: string }>(
  "user:manage",
  async ({ request, projectId, audit }, { id }) => {
    const userId = idParam(id, "member");
    const { role } = parseInput(MemberRoleInput, await request.json().catch(() => null), "member role");
    const change = await setMemberRole({ db: getDb(), projectId, userId, role });
    await audit(
      "member.role",
      { type: "project_member", id: userId },
      { before: { user: change.email, role: change.before }, after: { role: change.after } },
    );
    return Response.json({ userId, email: change.email, role });
  },
  { project: "slug" },
);

/** Removes a member from the project; their account stays. */
export const DELETE = route<{ slug: string; id: string }>(
  "user:manage",
  async ({ projectId, audit }, { id }) => {
    const userId = idParam(id, "member");
    const removed = await removeMember({ db: getDb(), projectId, userId });
    await audit("member.remove", { type: "project_member", id: userId }, { before: { user: removed.email, role: removed.role } });
    return new Response(null, { status: 204 });
  },
  { project: "slug" },
);
