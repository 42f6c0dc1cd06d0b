import { z } from "zod";
import { SESSION_DAYS, signIn } from "@/lib/auth/accounts";
import { assertSameOrigin, clientAddress, route, sessionCookie } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

const Body = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });

export const POST = route("public", async ({ request }) => {
  assertSameOrigin(request);
  const body = Body.safeParse(await request.json().catch(() => null));
  if (!body.success) throw new AppError("BAD_REQUEST", "Give an email and a password.");
  const { token, expiresAt } = await signIn(getDb(), {
    ...body.data,
    ip: clientAddress(request),
    userAgent: request.headers.get("user-agent") ?? undefined,
  });
  const cookie = sessionCookie(request, token, SESSION_DAYS * 86_400);
  return Response.json({ expiresAt: expiresAt.toISOString() }, { headers: { "Set-Cookie": cookie } });
});
