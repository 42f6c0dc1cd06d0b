import { sha256 } from "@/lib/auth/accounts";
import { changeOwnPassword } from "@/lib/auth/password-reset";
import { ChangePasswordInput } from "@/lib/auth/people-types";
import { route, sessionToken } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/http";

export const dynamic = "force-dynamic";

/** The caller changes their own password (the current one required); their other sessions end, this one stays. */
export const POST = route("signed-in", async ({ request, principal, audit }) => {
  const input = parseInput(ChangePasswordInput, await request.json().catch(() => null), "password change");
  // Whoever holds an API token must not be able to take over the account with it.
  if (principal.kind === "token") throw new AppError("FORBIDDEN", "Change your password signed in to the studio, not with an API token.");
  const session = sessionToken(request);
  const { sessionsEnded } = await changeOwnPassword({
    db: getDb(),
    userId: principal.userId,
    currentPassword: input.currentPassword,
    newPassword: input.newPassword,
    keepSessionHash: session ? sha256(session) : undefined,
  });
  await audit(
    "user.password_change",
    { type: "user", id: principal.userId },
    { after: { email: principal.email, via: "account page", otherSessionsEnded: sessionsEnded } },
  );
  return Response.json({ sessionsEnded });
});
