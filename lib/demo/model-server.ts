import "server-only";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { MODEL_ID_SCRIPTED, SCRIPTED_ENDPOINT_NAME } from "@/lib/demo/scripted";
import { spawnModelServer, type SpawnedModelServer } from "@/model-server/process";

/**
 * The studio's built-in scripted model server (no language model inside): a process of the web
 * server's own, ended with it (exit-with-parent), started on demand — by the demo button, and when
 * the web server starts and a scripted endpoint exists — so that after a restart of the studio the
 * endpoint points at a live server again. One per web server process.
 */

// Fast enough for a demo's seed stage to pass in seconds, slow enough that a turn visibly streams.
const FLAGS = ["--ttft-ms", "150", "--tokens-per-second", "300", "--wrong-rate", "0.1"];

let running: Promise<SpawnedModelServer> | undefined;

function alive(server: SpawnedModelServer): boolean {
  return server.child.exitCode === null && server.child.signalCode === null;
}

async function liveServer(): Promise<SpawnedModelServer> {
  const current = await running?.catch(() => undefined);
  if (current && alive(current)) return current;
  // The web server runs from the app's folder (`rosetta studio` starts it there): a bundle has no
  // other way to find it. Fixed paths, so that the build traces these two files and no others.
  running = spawnModelServer(FLAGS, undefined, {
    bin: path.join(process.cwd(), "bin", "rosetta.js"),
    nodeFlags: ["--require", path.join(process.cwd(), "lib", "cli", "exit-with-parent.cjs")],
  });
  return running;
}

/**
 * Starts the scripted server if it is not running and points the scripted endpoint profile at it
 * (made if missing): the profile every role of the demo is bound to. Returns the profile's id.
 */
export async function ensureScriptedEndpoint(db: Db): Promise<string> {
  const { url } = await liveServer();
  const profile = await db.endpointProfile.upsert({
    where: { name: SCRIPTED_ENDPOINT_NAME },
    create: { name: SCRIPTED_ENDPOINT_NAME, baseUrl: url, model: MODEL_ID_SCRIPTED, maxConcurrency: 8, scripted: true },
    update: { baseUrl: url, scripted: true },
    select: { id: true },
  });
  return profile.id;
}

/** At the web server's start: bring the scripted server back if an endpoint relies on it. */
export async function restoreScriptedEndpoint(db: Db): Promise<void> {
  if (await db.endpointProfile.findFirst({ where: { scripted: true }, select: { id: true } })) await ensureScriptedEndpoint(db);
}

/** Ends the scripted server this process started (as the end of the web server would). */
export async function stopScriptedModelServer(): Promise<void> {
  const current = await running?.catch(() => undefined);
  running = undefined;
  await current?.stop();
}
