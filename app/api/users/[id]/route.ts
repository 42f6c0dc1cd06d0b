import { idParam } from "@/lib/auth/ids";
import { UpdateUserInput } from "@/lib/auth/people-types";
import { route } from "@/lib/auth/request";
import { updateUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Disables or enables an account (its sessions end at once), or gives or takes the admin flag; the last enabled admin stays. */
export const PATCH = route<{ id: string }>("user:manage", async ({ request, principal, audit }, { id }) => {
  const userId = idParam(id, "user");
  const input = parseInput(UpdateUserInput, await request.json().catch(() => null), "user change");
  const { before, after, user } = await updateUser({ db: getDb(), userId, actorId: principal.userId, input });
  if (after.disabled !== undefined)
    await audit(
      after.disabled ? "user.disable" : "user.enable",
      { type: "user", id: userId },
      { before: { email: user.email, disabled: before.disabled }, after: { disabled: after.disabled } },
    );
  if (after.admin !== undefined)
    await audit(
      "user.role",
      { type: "user", id: userId },
      { before: { email: user.email, admin: before.admin }, after: { admin: after.admin } },
    );
  return Response.json(user);
});
