// Lets Node run Rosetta's TypeScript sources: tsx, plus `server-only` resolved to nothing (it guards
// the browser bundle; outside Next.js there is none). Used by bin/rosetta.js and `node --import`.
import { register } from "node:module";

const { register: registerTsx } = await import("tsx/esm/api");
registerTsx();
// Registered after tsx so it resolves first.
register("./server-only-hook.js", import.meta.url);
