import { CreateUserInput } from "@/lib/auth/people-types";
import { route } from "@/lib/auth/request";
import { createUserAccount, listUsers } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Every account, with its projects and roles (admins). */
export const GET = route("user:manage", async () => Response.json({ items: await listUsers({ db: getDb() }) }));

/** A new account; without a password one is generated and answered once (never stored or audited in the clear). */
export const POST = route("user:manage", async ({ request, audit }) => {
  const input = parseInput(CreateUserInput, await request.json().catch(() => null), "user");
  const { user, password } = await createUserAccount({ db: getDb(), input });
  await audit(
    "user.create",
    { type: "user", id: user.id },
    {
      after: {
        email: user.email,
        name: user.name,
        admin: user.admin,
        credentials: password ? "generated, shown once" : "typed by the admin",
      },
    },
  );
  return Response.json({ user, password }, { status: 201 });
});
