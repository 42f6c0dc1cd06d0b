import Link from "next/link";
import { ScriptedLabel } from "@/components/demo/ScriptedLabel";

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
    </aside>
  );
}
