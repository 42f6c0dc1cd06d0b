/**
 * bench:ui in Chromium: the discussion page's time to interactive, a static page of the same turns
 * as its baseline, and live token latency from the publisher's emit to the DOM (MutationObserver).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext } from "@playwright/test";
import type { Db } from "@/lib/db/client";
import { LivePublisher } from "@/lib/live/publisher";

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
};

declare global {
  interface Window {
    __bench: { want: number; firstTurnAt?: number; lastTurnAt?: number; idleAt?: number; inputDelay?: number; latencies: number[] };
  }
}

/**
 * In the page before anything runs: when the wanted number of turns is in the DOM, note the time,
 * then the time a task queued behind it runs (the main thread is free: the page takes input).
 * A string, not a function: tsx would wrap named functions in a helper the page does not have.
 */
const ttiScript = (want: number) => `
  window.__bench = { want: ${want}, latencies: [] };
  const check = () => {
    if (window.__bench.lastTurnAt !== undefined) return;
    const count = document.querySelectorAll('[data-testid="turn"]').length;
    if (count > 0 && window.__bench.firstTurnAt === undefined) window.__bench.firstTurnAt = performance.now();
    if (count >= window.__bench.want) {
      window.__bench.lastTurnAt = performance.now();
      setTimeout(() => (window.__bench.idleAt = performance.now()), 0);
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", check);
  window.addEventListener("keydown", (event) => (window.__bench.inputDelay = performance.now() - event.timeStamp), { capture: true });
`;

/** In the page: each marked piece's emit time (`⟦n@epoch ms⟧`) against the moment its text is in the DOM. */
const LIVE_SCRIPT = `
  window.__bench = { want: 0, latencies: [] };
  const seen = new Set();
  new MutationObserver(() => {
    const now = Date.now();
    for (const pre of document.querySelectorAll('[data-testid="turn"][data-kind="STREAMING"] [data-testid="turn-text"]')) {
      for (const match of (pre.textContent ?? "").matchAll(/⟦(\\d+)@(\\d+)⟧/g)) {
        if (seen.has(match[1])) continue;
        seen.add(match[1]);
        window.__bench.latencies.push(now - Number(match[2]));
      }
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
`;

async function loadUntilInteractive(
  context: BrowserContext,
  url: string,
  turns: number,
): Promise<{ ttiMs: number; lastTurnMs: number; inputDelayMs: number }> {
  const page = await context.newPage();
  try {
    await page.addInitScript(ttiScript(turns));
    await page.goto(url, { waitUntil: "commit" });
    await page
      .waitForFunction(() => window.__bench.idleAt !== undefined, undefined, { timeout: 60_000, polling: 50 })
      .catch(async (error: Error) => {
        const turnsSeen = await page.locator('[data-testid="turn"]').count();
        throw new Error(
          `${url}: ${turnsSeen} of ${turns} turns after 60 s (${error.message.split("\n")[0]}); the page says: ${(await page.locator("body").innerText()).slice(0, 300)}`,
        );
      });
    await page.keyboard.press("Shift");
    await page.waitForFunction(() => window.__bench.inputDelay !== undefined, undefined, { timeout: 10_000, polling: 20 });
    const b = await page.evaluate(() => window.__bench);
    if (process.env.BENCH_TTI_TRACE) {
      const nav = await page.evaluate(() =>
        JSON.stringify(
          performance.getEntriesByType("navigation").map((e) => ({
            response: Math.round((e as PerformanceNavigationTiming).responseEnd),
            dcl: Math.round((e as PerformanceNavigationTiming).domContentLoadedEventEnd),
            load: Math.round((e as PerformanceNavigationTiming).loadEventEnd),
          }))[0],
        ),
      );
      console.error(
        `  ${url}: navigation ${nav}, first turn ${Math.round(b.firstTurnAt ?? -1)}, last ${Math.round(b.lastTurnAt!)}, idle ${Math.round(b.idleAt!)}`,
      );
    }
    return { ttiMs: b.idleAt!, lastTurnMs: b.lastTurnAt!, inputDelayMs: b.inputDelay! };
  } finally {
    await page.close();
  }
}

/** The same turns as static HTML (same markup and classes, the studio's own stylesheet), from a plain HTTP server. */
async function staticServer(html: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export async function measureDiscussionTti({
  browser,
  context,
  baseUrl,
  discussionId,
  turns,
  runs,
}: {
  browser: Browser;
  context: BrowserContext;
  baseUrl: string;
  discussionId: string;
  turns: { seq: number; kind: string; content: string }[];
  runs: number;
}) {
  const url = `${baseUrl}/discussions/${discussionId}`;
  await loadUntilInteractive(context, url, turns.length); // warm: the server's first render, the browser's cache
  const studio = [];
  for (let i = 0; i < runs; i++) studio.push(await loadUntilInteractive(context, url, turns.length));

  // Baseline: the same DOM, already in the HTML, with the studio's stylesheet (fetched once here).
  const page = await context.newPage();
  await page.goto(url);
  const css = await page.evaluate(() => [...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => (l as HTMLLinkElement).href));
  await page.close();
  const links = css.map((href) => `<link rel="stylesheet" href="${href}">`).join("");
  const body = turns
    .map(
      (t) =>
        `<article class="rounded-md border border-slate-200 bg-white p-3 shadow-sm" data-testid="turn" data-kind="${t.kind}"><h3 class="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">${t.kind} · agent · python</h3><pre class="max-h-[32rem] overflow-auto whitespace-pre-wrap text-sm">${escape(t.content)}</pre></article>`,
    )
    .join("");
  const { url: staticUrl, server } = await staticServer(
    `<!doctype html><html><head><meta charset="utf-8">${links}</head><body><main class="mx-auto max-w-7xl space-y-3 px-6 py-10">${body}</main></body></html>`,
  );
  const fresh = await browser.newContext();
  try {
    await loadUntilInteractive(fresh, staticUrl, turns.length);
    const statics = [];
    for (let i = 0; i < runs; i++) statics.push(await loadUntilInteractive(fresh, staticUrl, turns.length));
    return { studio, statics };
  } finally {
    await fresh.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The API alone: the time until the event stream has delivered every stored turn (what the page waits for). */
export async function measureStreamFetch({
  baseUrl,
  cookie,
  discussionId,
  turns,
  runs,
}: {
  baseUrl: string;
  cookie: string;
  discussionId: string;
  turns: number;
  runs: number;
}): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const controller = new AbortController();
    const started = performance.now();
    const response = await fetch(`${baseUrl}/api/discussions/${discussionId}/events`, {
      headers: { cookie, accept: "text/event-stream" },
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let seen = 0;
    while (seen < turns) {
      const { value, done } = await reader.read();
      if (done) throw new Error("the event stream ended before every turn came");
      seen += decoder.decode(value, { stream: true }).split("event: turn\n").length - 1;
    }
    if (i > 0) times.push(performance.now() - started); // the first one warms up
    controller.abort();
    await reader.cancel().catch(() => undefined);
  }
  return times;
}

/**
 * Live latency: the page shows a running discussion; this process publishes a streaming turn's
 * pieces through the engine's publisher (NOTIFY, batched every 50 ms), each piece carrying its
 * emit time; the page notes when each is in the DOM. Same machine, same wall clock.
 */
export async function measureLiveLatency({
  db,
  context,
  baseUrl,
  discussionId,
  streamingSeq,
  tokens,
  tokensPerSecond,
}: {
  db: Db;
  context: BrowserContext;
  baseUrl: string;
  discussionId: string;
  streamingSeq: number;
  tokens: number;
  tokensPerSecond: number;
}): Promise<number[]> {
  const page = await context.newPage();
  const publisher = new LivePublisher(db);
  try {
    await page.goto(`${baseUrl}/discussions/${discussionId}`);
    // The stored turns are in: the stream listens (it subscribes before it reads what is stored).
    await page
      .locator('[data-testid="turn"]')
      .nth(streamingSeq - 2)
      .waitFor();
    await page.evaluate(LIVE_SCRIPT);
    const interval = 1000 / tokensPerSecond;
    const started = performance.now();
    for (let i = 0; i < tokens; i++) {
      const due = started + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      publisher.delta(discussionId, streamingSeq, ` ⟦${i}@${Date.now()}⟧`);
    }
    await publisher.close();
    await page.waitForFunction((n) => window.__bench.latencies.length >= n, tokens, { timeout: 30_000, polling: 100 });
    const latencies = await page.evaluate(() => window.__bench.latencies);
    if (process.env.BENCH_LIVE_TRACE) console.error(`live latencies in emit order: ${latencies.map(Math.round).join(" ")}`);
    return latencies;
  } finally {
    await publisher.close();
    await page.close();
  }
}
