import { recordAudit, SESSION_DAYS } from "@/lib/auth/accounts";
import { redeemPasswordReset } from "@/lib/auth/password-reset";
import { RedeemResetInput } from "@/lib/auth/people-types";
import { assertSameOrigin, clientAddress, route, sessionCookie } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Follows a one-time reset link: the new password is set, the link spent, and the browser signed in. */
export const POST = route("public", async ({ request }) => {
  assertSameOrigin(request);
  const input = parseInput(RedeemResetInput, await request.json().catch(() => null), "password reset");
  const db = getDb();
  const ip = clientAddress(request);
  const session = await redeemPasswordReset({ db, ...input, ip, userAgent: request.headers.get("user-agent") ?? undefined });
  await recordAudit(db, {
    principal: { kind: "user", userId: session.userId, email: session.email, admin: false, projectRoles: {} },
    action: "user.password_change",
    targetType: "user",
    targetId: session.userId,
    after: { email: session.email, via: "one-time reset link", otherSessionsEnded: session.sessionsEnded },
    ip,
  });
  return Response.json(
    { email: session.email },
    { headers: { "Set-Cookie": sessionCookie(request, session.token, SESSION_DAYS * 86_400) } },
  );
});
