"use client";

import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { TurnFrame } from "@/lib/synthesis/discussion-view-types";

const DeltaFrame = z.object({ seq: z.number(), attempt: z.number(), offset: z.number(), text: z.string() });
const StatusFrame = z.object({ status: z.string() });

export interface DiscussionEventHandlers {
  turn(turn: TurnFrame): void;
  delta(delta: z.infer<typeof DeltaFrame>): void;
  status(status: string): void;
}

/** After a refused reconnect: 1 s, 2 s, 4 s… up to 30 s. */
const reopenDelay = (failures: number) => Math.min(30_000, 1_000 * 2 ** (failures - 1));

/**
 * Follows a discussion's Server-Sent Events. The browser reconnects a dropped stream by itself, with
 * its Last-Event-ID; but a reconnect that is answered with an error (the database is down, the
 * server restarting) closes the EventSource for good, so it is opened again here, later, resuming
 * from the last id it had (`?lastEventId=`). Answers whether the stream is live right now.
 */
export function useDiscussionEvents(id: string, handlers: DiscussionEventHandlers): { live: boolean } {
  const [live, setLive] = useState(false);
  // The latest handlers, without reopening the stream when they change.
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    let source: EventSource | undefined;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let lastEventId = "";
    let failures = 0;
    const open = () => {
      source = new EventSource(`/api/discussions/${id}/events${lastEventId ? `?lastEventId=${encodeURIComponent(lastEventId)}` : ""}`);
      const on = (name: string, handle: (data: unknown) => void) =>
        source!.addEventListener(name, (event) => {
          const message = event as MessageEvent<string>;
          if (message.lastEventId) lastEventId = message.lastEventId;
          handle(JSON.parse(message.data));
        });
      on("turn", (data) => latest.current.turn(TurnFrame.parse(data)));
      on("delta", (data) => latest.current.delta(DeltaFrame.parse(data)));
      on("status", (data) => latest.current.status(StatusFrame.parse(data).status));
      source.onopen = () => {
        failures = 0;
        setLive(true);
      };
      source.onerror = () => {
        setLive(false);
        if (source!.readyState !== EventSource.CLOSED) return; // the browser is reconnecting
        source!.close();
        failures += 1;
        reopen = setTimeout(open, reopenDelay(failures));
      };
    };
    open();
    return () => {
      clearTimeout(reopen);
      source?.close();
    };
  }, [id]);
  return { live };
}
