import { z } from "zod";

/** The demo project, as the home page's button and its API share it. */
export const DEMO_SLUG = "demo";

/** What a click on "Try a demo project" did: made the demo (and started its run) or found it. */
export const DemoStarted = z.object({
  slug: z.string(),
  created: z.boolean(),
  runId: z.string().nullable(),
});
export type DemoStarted = z.infer<typeof DemoStarted>;

/** The label the scripted endpoint carries wherever it is named. */
export const SCRIPTED_LABEL = "Scripted demo model — no language model inside";
