import "server-only";
import type { Principal } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { CreateProjectInput } from "@/lib/projects/config-types";

/**
 * A new project (the studio's form, `rosetta import` for a slug it does not know). Settings start
 * empty: every protocol field has its default. A curator who is not an admin becomes the new
 * project's curator, or they could not configure what they just made.
 */
export async function createProject({ db, input, creator }: { db: Db; input: CreateProjectInput; creator?: Principal }) {
  const { name, slug, description, languages } = CreateProjectInput.parse(input);
  try {
    return await db.$transaction(async (tx) => {
      const project = await tx.project.create({
        data: { slug, name, description: description ?? null, languages, settings: {} },
        select: { id: true, slug: true, name: true, languages: true },
      });
      if (creator && creator.kind !== "anonymous" && !creator.admin)
        await tx.projectMember.create({ data: { projectId: project.id, userId: creator.userId, role: "CURATOR" } });
      return project;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new AppError("CONFLICT", `A project with the slug "${slug}" exists already; choose another.`);
    throw error;
  }
}
