import { signOut } from "@/lib/auth/accounts";
import { assertSameOrigin, route, SESSION_COOKIE, sessionToken } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** Ends the session (it is deleted, not just forgotten by the browser) and clears the cookie. */
export const POST = route("public", async ({ request }) => {
  assertSameOrigin(request);
  const token = sessionToken(request);
  if (token) await signOut(getDb(), token);
  return new Response(null, { status: 204, headers: { "Set-Cookie": `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` } });
});
