import { signOut } from "@/lib/auth/accounts";
import { assertSameOrigin, route, SESSION_COOKIE } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** Ends the session (it is deleted, not just forgotten by the browser) and clears the cookie. */
export const POST = route("public", async ({ request }) => {
  assertSameOrigin(request);
  const token = /(?:^|;\s*)rosetta_session=([^;]+)/.exec(request.headers.get("cookie") ?? "")?.[1];
  if (token) await signOut(getDb(), decodeURIComponent(token));
  return new Response(null, { status: 204, headers: { "Set-Cookie": `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` } });
});
