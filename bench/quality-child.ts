/**
 * One measured pass for `npm run bench:quality`, in its own process so that its peak RSS is its own:
 * `baseline` reads the project's candidates exactly as the scan does (readClusterPage: the same
 * query, the same pages) and does nothing with them; `scan` runs refreshClusters. Prints
 * `{ ms, peakRssMb, summary? }`; RSS is sampled every 20 ms (and the OS's high-water mark kept).
 */
import { createDb } from "@/lib/db/client";
import { readClusterPage, CLUSTER_PAGE_SIZE, refreshClusters } from "@/lib/quality/clusters";

const [kind, url, projectId, threshold] = process.argv.slice(2) as ["baseline" | "scan", string, string, string];
const db = createDb(url, { applicationName: "bench-quality", max: 2 });
await db.$queryRaw`select 1`; // the connection open before the clock starts
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const started = performance.now();
let summary: unknown = null;
if (kind === "baseline") {
  let rows = 0;
  let after: string | null = null;
  for (;;) {
    const page = await readClusterPage(db, projectId, after);
    rows += page.length;
    if (page.length < CLUSTER_PAGE_SIZE) break;
    after = page[page.length - 1]!.id;
  }
  summary = { items: rows };
} else {
  summary = await refreshClusters({ db, projectId, threshold: Number(threshold) });
}
const ms = performance.now() - started;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
await db.$disconnect();
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify({ ms, peakRssMb: Math.max(Math.round(peak / 1024 / 1024), maxRssMb), summary }));
process.exit(0);
