import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http";
import { listProjects } from "@/lib/projects/list-projects";
import { ListProjectsQuery } from "@/lib/projects/types";

export const dynamic = "force-dynamic";

export const GET = handler(async (request: Request) => {
  const query = ListProjectsQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new AppError("BAD_REQUEST", `Invalid query: ${query.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return Response.json(await listProjects({ db: getDb(), ...query.data }));
});
