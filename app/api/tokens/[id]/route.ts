import { idParam } from "@/lib/auth/ids";
import { route } from "@/lib/auth/request";
import { revokeToken } from "@/lib/auth/tokens";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** Revokes one of the caller's API tokens (an admin: anyone's); it stops working at once. */
export const DELETE = route<{ id: string }>("signed-in", async ({ principal, audit }, { id }) => {
  const token = await revokeToken({ db: getDb(), principal, id: idParam(id, "API token") });
  await audit(
    "token.revoke",
    { type: "api_token", id: token.id },
    { before: { name: token.name, owner: token.owner, state: "active" }, after: { state: "revoked" } },
  );
  return Response.json(token);
});
