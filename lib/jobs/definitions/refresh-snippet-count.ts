import { defineJob } from "@/lib/jobs/define";

/** Recounts a project's snippets into `projects.snippet_count`, which the project list shows. */
export const refreshSnippetCount = defineJob("project.refresh-snippet-count", async ({ projectId }, { db }) => {
  const snippetCount = await db.snippet.count({ where: { projectId } });
  // updateMany: a project deleted meanwhile is not an error, there is just nothing left to count.
  await db.project.updateMany({ where: { id: projectId }, data: { snippetCount, snippetCountRefreshedAt: new Date() } });
});
