import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { startDemo } from "@/lib/demo/start-demo";

export const dynamic = "force-dynamic";

/**
 * "Try a demo project" (whoever may create projects): makes the demo project, starts the scripted
 * model server, binds every role to it and starts a run; when the demo exists, only brings its
 * server back. Answers where to go.
 */
export const POST = route("project:create", async ({ principal, audit }) => {
  const { projectId, ...started } = await startDemo({ db: getDb(), creator: principal });
  await audit(started.created ? "demo.create" : "demo.open", { type: "project", id: projectId, projectId }, { after: started });
  return Response.json(started, { status: started.created ? 201 : 200 });
});
