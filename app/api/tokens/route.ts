import { z } from "zod";
import { CreateTokenInput } from "@/lib/auth/people-types";
import { route } from "@/lib/auth/request";
import { createOwnToken, listTokens } from "@/lib/auth/tokens";
import { getDb } from "@/lib/db/client";
import { parseInput, queryOf } from "@/lib/http";

export const dynamic = "force-dynamic";

const ListQuery = z.object({ all: z.enum(["0", "1"]).optional() });

/** The caller's API tokens (never a secret); `?all=1`: everyone's, for admins. */
export const GET = route("signed-in", async ({ request, principal }) => {
  const { all } = parseInput(ListQuery, queryOf(request), "query");
  return Response.json({ items: await listTokens({ db: getDb(), principal, all: all === "1" }) });
});

/** A new API token for the caller, its role at most theirs; the secret is in this answer and nowhere else. */
export const POST = route("signed-in", async ({ request, principal, audit }) => {
  const input = parseInput(CreateTokenInput, await request.json().catch(() => null), "API token");
  const { token, secret, projectId } = await createOwnToken({ db: getDb(), principal, input });
  await audit(
    "token.create",
    { type: "api_token", id: token.id, projectId: projectId ?? undefined },
    {
      after: {
        name: token.name,
        owner: token.owner,
        role: token.role,
        project: token.project ?? "every project of the owner",
        expiresAt: token.expiresAt ?? "never",
      },
    },
  );
  return Response.json({ token, secret }, { status: 201 });
});
