import type { JobDefinition } from "@/lib/jobs/define";
import type { JobName } from "@/lib/jobs/specs";
import { evalProblem } from "@/lib/jobs/definitions/eval";
import { clusterProject } from "@/lib/jobs/definitions/quality";
import { refreshSnippetCount } from "@/lib/jobs/definitions/refresh-snippet-count";
import { verifyEdit } from "@/lib/jobs/definitions/review";
import { advance, agents, discuss, dpo, seed, solve, verify } from "@/lib/jobs/definitions/synthesis";

/** Every job the worker runs, by name: each spec in lib/jobs/specs.ts has its handler here. */
export const jobs: { [Name in JobName]: JobDefinition<Name> } = {
  [refreshSnippetCount.name]: refreshSnippetCount,
  [advance.name]: advance,
  [seed.name]: seed,
  [agents.name]: agents,
  [discuss.name]: discuss,
  [verify.name]: verify,
  [solve.name]: solve,
  [dpo.name]: dpo,
  [verifyEdit.name]: verifyEdit,
  [clusterProject.name]: clusterProject,
  [evalProblem.name]: evalProblem,
};
