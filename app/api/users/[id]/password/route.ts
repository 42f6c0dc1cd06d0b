import { idParam } from "@/lib/auth/ids";
import { resetPassword } from "@/lib/auth/password-reset";
import { ResetPasswordInput } from "@/lib/auth/people-types";
import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/http";

export const dynamic = "force-dynamic";

/** An admin resets someone's password: `generate` answers a new password once (their sessions end); `link` a one-time link valid for a day. */
export const POST = route<{ id: string }>("user:manage", async ({ request, audit }, { id }) => {
  const userId = idParam(id, "user");
  const { method } = parseInput(ResetPasswordInput, await request.json().catch(() => null), "password reset");
  const { email, sessionsEnded, ...result } = await resetPassword({ db: getDb(), userId, method });
  await audit(
    "user.password_reset",
    { type: "user", id: userId },
    {
      after: {
        email,
        method: method === "link" ? "one-time link" : "generated, shown once",
        linkExpiresAt: result.expiresAt ?? undefined,
        sessionsEnded,
      },
    },
  );
  return Response.json(result);
});
