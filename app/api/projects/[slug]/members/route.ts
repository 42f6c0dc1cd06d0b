import { addMember, listMembers } from "@/lib/auth/memberships";
import { AddMemberInput } from "@/lib/auth/people-types";
import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Who belongs to the project, with their roles: anyone who may read the project sees it. */
export const GET = route<{ slug: string }>(
  "project:read",
  async ({ projectId }) => Response.json({ items: await listMembers({ db: getDb(), projectId }) }),
  {
    project: "slug",
  },
);

/** Adds a member with a role (admins: memberships are people management, see README "Accounts"). */
export const POST = route<{ slug: string }>(
  "user:manage",
  async ({ request, projectId, audit }) => {
    const input = parseInput(AddMemberInput, await request.json().catch(() => null), "member");
    const member = await addMember({ db: getDb(), projectId, ...input });
    await audit("member.add", { type: "project_member", id: member.userId }, { after: { user: member.email, role: member.role } });
    return Response.json(member, { status: 201 });
  },
  { project: "slug" },
);
