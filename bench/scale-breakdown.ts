/**
 * Where a model-bound bench:scale run's time went beyond the fluid minimum, from the database of the
 * finished run (bench/scale.ts prints it under each run). A call's end is its llm_calls row's
 * created_at (written when the answer is stored: lib/llm/accounting.ts), its start that less its
 * latency_ms; its service time is what the latency model makes it (ttft + tokens / tokens per second).
 *
 * Per barrier segment (the seed stage, each discussion round): its span, first call start to last
 * call end, against the fluid bound max(Σ service / P, longest chain) and against the makespan of a
 * zero-overhead list scheduler replaying the same items' service chains on P slots in the order they
 * were dispatched (what scheduling chains of sequential calls costs by itself: the tail). The span's
 * slot time P × span splits into service, latency beyond service (the worker's and the scripted
 * server's CPU while streaming, the limiter's lease), time inside items between their calls (item
 * start to first call, between calls, last call to item end: the database writes of a turn) and the
 * rest: slots idle (the tail, job pickup). Between segments: the transitions (advance job, planning,
 * the agents stage, pickup) from the last call of one to the first call of the next.
 */
import type pg from "pg";

export interface BreakdownOptions {
  ttftMs: number;
  tokensPerSecond: number;
  /** Calls in flight at most in a segment (min(C, workers × J) for seeds and discussions). */
  parallel: number;
}

type Quantiles = [number, number, number];

function quantiles(values: number[]): Quantiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return [at(0.5), at(0.9), sorted.at(-1) ?? 0];
}

export interface SegmentBreakdown {
  name: string;
  items: number;
  calls: number;
  spanMs: number;
  fluidMs: number;
  listMs: number;
  /**
   * The slots' ramp: the list schedule starts all P slots at the segment's first call; the mean lag
   * of the segment's first P calls behind its first is how long the slots took to come online (a
   * burst of items taken at once, each with its checks before its first call). Paid once per segment.
   */
  rampMs: number;
  /** The same with the longest chains first (clairvoyant: what a perfect dispatch order would leave of the tail). */
  longestFirstMs: number;
  serviceMs: number;
  latencyExtraMs: number;
  inItemGapMs: number;
  /** inItemGapMs in three: item start to its first call, between its calls, its last call to its end. */
  beforeFirstMs: number;
  betweenMs: number;
  afterLastMs: number;
  /** Per item, median / 90th percentile / most: its start to its first call (a cost paid once per job or process shows here), its last call to its end. */
  beforeFirstQuantilesMs: Quantiles;
  afterLastQuantilesMs: Quantiles;
  idleMs: number;
}

export interface Breakdown {
  wallMs: number;
  segments: SegmentBreakdown[];
  /** Between the run's start, the segments and its end: [label, ms]. */
  gaps: [string, number][];
}

/** Makespan of list scheduling: each chain, in order, on the slot that frees first. */
export function listScheduleMs(chains: number[], slots: number): number {
  const free = new Array<number>(Math.max(1, slots)).fill(0);
  for (const chain of chains) {
    let best = 0;
    for (let i = 1; i < free.length; i++) if (free[i]! < free[best]!) best = i;
    free[best] = free[best]! + chain;
  }
  return Math.max(...free);
}

export async function runBreakdown(client: pg.Client, runId: string, options: BreakdownOptions): Promise<Breakdown> {
  // A call's end is its row's created_at: written as its answer is stored. Not the id's time: a
  // settled item's calls are rolled up into rows made (new ids) when the item settles, their
  // created_at the earliest of theirs.
  const { rows: calls } = await client.query<{ id: string; end: number; latency: number; tokens: number; item: string; segment: string }>(
    `select c.id::text, (extract(epoch from c.created_at) * 1000)::float8 as end, c.latency_ms as latency, c.completion_tokens as tokens,
       coalesce(t.discussion_id::text, substring(w.key from 6)) as item,
       case when t.discussion_id is not null then 'discuss round ' || d.plan_round else split_part(w.key, ':', 1) end as segment
     from llm_calls c left join work_steps w on w.llm_call_id = c.id
       left join turns t on t.llm_call_id = c.id left join discussions d on d.id = t.discussion_id
     where c.run_id = $1 and c.error_code is null`,
    [runId],
  );
  const { rows: items } = await client.query<{
    stage: string;
    key: string;
    position: number;
    dispatched: Date;
    started: Date;
    finished: Date;
  }>(
    `select stage::text, item_key as key, position, dispatched_at as dispatched, started_at as started, finished_at as finished
     from run_items where run_id = $1 order by stage, position`,
    [runId],
  );
  const [run] = (
    await client.query<{ created: Date; finished: Date }>(
      "select created_at as created, finished_at as finished from synthesis_runs where id = $1",
      [runId],
    )
  ).rows;
  const itemOf = new Map(items.map((item) => [item.key, item]));
  const service = (tokens: number) => options.ttftMs + (tokens * 1000) / options.tokensPerSecond;

  const bySegment = new Map<string, typeof calls>();
  // Calls of no item (the structured-output probe) are left out.
  for (const call of calls) if (call.segment) bySegment.set(call.segment, [...(bySegment.get(call.segment) ?? []), call]);
  const order = [...bySegment.keys()].sort(
    (a, b) => Math.min(...bySegment.get(a)!.map((c) => c.end)) - Math.min(...bySegment.get(b)!.map((c) => c.end)),
  );

  const segments: SegmentBreakdown[] = [];
  const bounds: { name: string; first: number; last: number; firstItem: number; lastItem: number }[] = [];
  for (const name of order) {
    const segmentCalls = bySegment.get(name)!.map((call) => ({ ...call, start: call.end - call.latency }));
    const perItem = new Map<string, typeof segmentCalls>();
    for (const call of segmentCalls) perItem.set(call.item, [...(perItem.get(call.item) ?? []), call]);
    const first = Math.min(...segmentCalls.map((c) => c.start));
    const last = Math.max(...segmentCalls.map((c) => c.end));
    const serviceMs = segmentCalls.reduce((sum, c) => sum + service(c.tokens), 0);
    const latencyMs = segmentCalls.reduce((sum, c) => sum + c.latency, 0);
    const chains: { position: number; chain: number }[] = [];
    let inItemGapMs = 0;
    const beforeFirst: number[] = [];
    const afterLast: number[] = [];
    let betweenMs = 0;
    let firstItem = Infinity;
    let lastItem = 0;
    for (const [key, list] of perItem) {
      list.sort((a, b) => a.start - b.start);
      chains.push({ position: itemOf.get(key)?.position ?? 0, chain: list.reduce((sum, c) => sum + service(c.tokens), 0) });
      const item = itemOf.get(key);
      const started = item?.started?.getTime() ?? list[0]!.start;
      const finished = item?.finished?.getTime() ?? list.at(-1)!.end;
      firstItem = Math.min(firstItem, started);
      lastItem = Math.max(lastItem, finished);
      const busy = list.reduce((sum, c) => sum + c.latency, 0);
      inItemGapMs += Math.max(0, finished - started - busy);
      beforeFirst.push(Math.max(0, list[0]!.start - started));
      afterLast.push(Math.max(0, finished - list.at(-1)!.end));
      for (let i = 1; i < list.length; i++) betweenMs += Math.max(0, list[i]!.start - list[i - 1]!.end);
    }
    chains.sort((a, b) => a.position - b.position);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const spanMs = last - first;
    const fluidMs = Math.max(serviceMs / options.parallel, Math.max(...chains.map((c) => c.chain)));
    const firstStarts = segmentCalls
      .map((c) => c.start)
      .sort((a, b) => a - b)
      .slice(0, options.parallel);
    segments.push({
      name,
      items: perItem.size,
      calls: segmentCalls.length,
      spanMs,
      fluidMs,
      listMs: listScheduleMs(
        chains.map((c) => c.chain),
        options.parallel,
      ),
      rampMs: sum(firstStarts.map((start) => start - first)) / options.parallel,
      longestFirstMs: listScheduleMs(
        chains.map((c) => c.chain).sort((a, b) => b - a),
        options.parallel,
      ),
      serviceMs,
      latencyExtraMs: latencyMs - serviceMs,
      inItemGapMs,
      beforeFirstMs: sum(beforeFirst),
      betweenMs,
      afterLastMs: sum(afterLast),
      beforeFirstQuantilesMs: quantiles(beforeFirst),
      afterLastQuantilesMs: quantiles(afterLast),
      idleMs: options.parallel * spanMs - latencyMs - inItemGapMs,
    });
    bounds.push({ name, first, last, firstItem, lastItem });
  }

  const gaps: [string, number][] = [];
  const agents = items.find((item) => item.stage === "AGENTS");
  if (run && bounds.length) {
    gaps.push(["run start → first call", bounds[0]!.first - run.created.getTime()]);
    // The same, in its parts: the run's first item queued, taken by a worker, its first call begun.
    const seedItems = items.filter((item) => item.stage === "SEED");
    const firstDispatched = Math.min(...seedItems.map((item) => item.dispatched?.getTime() ?? Infinity));
    if (seedItems.length && Number.isFinite(firstDispatched)) {
      gaps.push(["  of it: run start → first item queued", firstDispatched - run.created.getTime()]);
      gaps.push(["  of it: first item queued → started", bounds[0]!.firstItem - firstDispatched]);
      gaps.push(["  of it: first item started → first call", bounds[0]!.first - bounds[0]!.firstItem]);
    }
    for (let i = 1; i < bounds.length; i++) {
      const [before, after] = [bounds[i - 1]!, bounds[i]!];
      const label = `${before.name} → ${after.name}`;
      gaps.push([`${label}: last call → last item settled`, before.lastItem - before.last]);
      if (agents?.started && before.name === "seed") {
        gaps.push([`${label}: → agents item started`, agents.started.getTime() - before.lastItem]);
        gaps.push([`${label}: agents item (no model calls)`, agents.finished.getTime() - agents.started.getTime()]);
        gaps.push([`${label}: agents settled → first item started`, after.firstItem - agents.finished.getTime()]);
      } else gaps.push([`${label}: → first item started`, after.firstItem - before.lastItem]);
      gaps.push([`${label}: first item started → first call`, after.first - after.firstItem]);
    }
    gaps.push(["last call → run finished", (run.finished?.getTime() ?? 0) - bounds.at(-1)!.last]);
  }
  return { wallMs: run?.finished ? run.finished.getTime() - run.created.getTime() : 0, segments, gaps };
}

export function printBreakdown(breakdown: Breakdown, parallel: number): void {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const ms3 = (q: Quantiles) => `${q.map((ms) => ms.toFixed(0)).join("/")} ms`;
  console.log(`  where the time went (run row: created → finished ${s(breakdown.wallMs)}; P = ${parallel} slots):`);
  for (const segment of breakdown.segments) {
    const slot = (ms: number) => s(ms / parallel);
    console.log(
      `    ${segment.name.padEnd(16)} span ${s(segment.spanMs)} vs fluid ${s(segment.fluidMs)}, list-scheduled ${s(segment.listMs)} (slots' ramp ${s(segment.rampMs)}; longest first ${s(segment.longestFirstMs)}; ${segment.items} items, ${segment.calls} calls); per slot: service ${slot(segment.serviceMs)}, latency beyond service ${slot(segment.latencyExtraMs)}, inside items without a call ${slot(segment.inItemGapMs)} (before the first ${slot(segment.beforeFirstMs)}, per item p50/p90/max ${ms3(segment.beforeFirstQuantilesMs)}; between ${slot(segment.betweenMs)}; after the last ${slot(segment.afterLastMs)}, per item ${ms3(segment.afterLastQuantilesMs)}), idle ${slot(segment.idleMs)}`,
    );
  }
  for (const [label, ms] of breakdown.gaps) console.log(`    ${label.padEnd(60)} ${s(ms)}`);
}

/**
 * The run at paper scale, from this run's per-item costs (see bench/scale.ts's header): in each
 * segment the service and the time beyond the list-scheduled bound (work inside items, latency,
 * dispatch: per item) grow with its items (× `factor(segment)`), less the slots' ramp (the segment's
 * start burst); the ramp and the list-schedule tail (at most a chain or so) are paid once per segment
 * and do not. Of the transitions only the agents item grows (× `agentsFactor`: it works on every kept
 * seed), the rest are fixed per barrier. The minimum is the service on P slots.
 */
export function extrapolateBreakdown(
  breakdown: Breakdown,
  { parallel, factor, agentsFactor }: { parallel: number; factor: (segment: string) => number; agentsFactor: number },
): { wallMs: number; minimumMs: number; ratio: number } {
  let wallMs = 0;
  let minimumMs = 0;
  for (const segment of breakdown.segments) {
    const k = factor(segment.name);
    const fluid = segment.serviceMs / parallel;
    minimumMs += k * fluid;
    // Beyond the list-scheduled bound: the slots' ramp, once per segment, and the rest per item. A
    // segment that beat its dispatch-order bound (items taken in another order than dispatched) counts
    // no time beyond it, not a saving that would grow with the items.
    const beyond = Math.max(0, segment.spanMs - segment.listMs);
    const ramp = Math.min(beyond, segment.rampMs);
    wallMs += k * fluid + k * (beyond - ramp) + ramp + (segment.listMs - fluid);
  }
  for (const [label, ms] of breakdown.gaps) wallMs += label.endsWith("agents item (no model calls)") ? ms * agentsFactor : ms;
  return { wallMs, minimumMs, ratio: minimumMs ? wallMs / minimumMs : 0 };
}
