import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { discussionStream } from "@/lib/live/discussion-stream";

export const dynamic = "force-dynamic";

/** A discussion's turns and live token deltas as Server-Sent Events, resumable with Last-Event-ID. */
export const GET = route<{ id: string }>(
  "project:read",
  async ({ request }, { id }) => {
    const lastEventId = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId");
    const stream = await discussionStream({
      db: getDb(),
      databaseUrl: env.DATABASE_URL!,
      discussionId: id,
      lastEventId,
      signal: request.signal,
    });
    return new Response(stream, {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store, no-transform",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      },
    });
  },
  { project: "discussion" },
);
