import { z } from "zod";

/** A project as the project list shows it (shared by the API and the browser). */
export const ProjectSummary = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  languages: z.array(z.string()),
  snippetCount: z.number().int(),
  createdAt: z.string(),
});
export type ProjectSummary = z.infer<typeof ProjectSummary>;

export const ProjectPage = z.object({ items: z.array(ProjectSummary), nextCursor: z.string().nullable() });
export type ProjectPage = z.infer<typeof ProjectPage>;

export const ListProjectsQuery = z.object({
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
