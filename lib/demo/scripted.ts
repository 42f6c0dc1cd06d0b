import "server-only";
import type { Db } from "@/lib/db/client";

/** The scripted endpoint's profile name and the model its server answers as. */
export const SCRIPTED_ENDPOINT_NAME = "scripted-demo";
export const MODEL_ID_SCRIPTED = "rosetta-scripted";

/** Whether any of the project's roles is bound to the scripted endpoint (its pages say so). */
export async function projectUsesScriptedModel(db: Db, projectId: string): Promise<boolean> {
  const bound = await db.projectRoleBinding.findFirst({
    where: { projectId, endpointProfile: { scripted: true } },
    select: { id: true },
  });
  return bound !== null;
}
