import Link from "next/link";
import { ScriptedLabel } from "@/components/demo/ScriptedLabel";
import { DEMO_SLUG } from "@/lib/demo/demo-types";

/** On the dashboard of a project bound to the scripted server: what it is, and how to use a real model instead. */
export function DemoCallout({ slug }: { slug: string }) {
  return (
    <aside data-testid="demo-callout" className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-4 text-sm text-amber-950">
      <ScriptedLabel />
      <p>
        This project&apos;s agents answer from the studio&apos;s scripted model server: canned answers built from each snippet, streamed
        like a model&apos;s, so you can watch the pipeline work. To run it with a real model, add an OpenAI-compatible endpoint under{" "}
        <Link href="/settings/endpoints" className="font-medium text-brand hover:underline">
          Endpoints
        </Link>
        , then bind it to the roles under{" "}
        <Link href={`/projects/${slug}/settings`} className="font-medium text-brand hover:underline">
          Model roles in this project&apos;s settings
        </Link>{" "}
        and start a run there.
      </p>
      {slug === DEMO_SLUG && (
        <p data-testid="demo-contamination">
          Its snippets are HumanEval-X benchmark problems, so the quality gate flags them, and the items made from them, as contaminated.
          The demo seeds from them anyway to have something to show; a version cut leaves flagged items out unless you tick{" "}
          <span className="font-medium">Include contaminated items</span>, and then the card says which benchmark tasks they leak. Never
          train on these and report scores on HumanEval.
        </p>
      )}
    </aside>
  );
}
