import { EMPTY_STEP, type StepComposition } from '../core/step-timer.js';
import { activityRecorder, recordActivity } from './activity-recorder.js';
import { FleetState } from './fleet.js';
import { IndexedMinHeap } from './indexed-min-heap.js';
import { DEFAULT_QUERY_TYPE_THRESHOLD_TOKENS } from './query-type.js';
import { ReplicaScheduler } from './replica-scheduler.js';
import { RequestTable } from './request-table.js';
import { SimulationCounters } from './simulation-counters.js';
import type { ReplicaConfig, SimulationInput } from './simulation-input.js';
import {
  REJECTION_REASONS,
  REQUEST_OUTCOME,
  type RejectionReason,
  type SimulationResult,
  type SimulationSummary,
} from './simulation-result.js';
import { summarizeSimulation } from './summarize-simulation.js';
import { TimelineRecorder } from './timeline-recorder.js';

const INFINITY = Number.POSITIVE_INFINITY;

/**
 * Replays a workload through `replicas` identical continuous-batching engines behind a router and
 * measures what each request experienced. Discrete events in time order: arrivals (routed at once) and
 * replica steps (a replica composes a step, the step timer says how long it takes, its effects land at
 * its end, and the next step is composed at that instant; an idle replica wakes at the next arrival
 * routed to it). At equal times arrivals go first, so a request arriving as a step ends joins the next.
 * Pure and deterministic: the same input gives byte-identical results. The composition handed to the
 * step timer is one object reused for every step: a timer may read it, not keep it.
 *
 * `engine.lazyDecode: false` turns off the decode fast path (see ReplicaScheduler); results are identical
 * either way, only slower — it exists so tests can check exactly that.
 */
export function simulate(input: SimulationInput, engine: { lazyDecode?: boolean } = {}): SimulationResult {
  validate(input);
  const { workload } = input;
  const fleet = input.fleet ? new FleetState(input.fleet, input.router) : undefined;
  const configOf = (r: number) =>
    fleet ? (input.fleet?.pools[fleet.poolOf[r] as number]?.replica as ReplicaConfig) : input.replica;
  const slots = fleet ? fleet.slots : input.replicas;
  const prefixCaching = fleet
    ? (input.fleet?.pools.some((p) => p.replica.prefixCaching) ?? false)
    : input.replica.prefixCaching;
  const threshold = input.queryTypeThresholdTokens ?? DEFAULT_QUERY_TYPE_THRESHOLD_TOKENS;
  const table = new RequestTable(workload, threshold, prefixCaching);
  const n = table.count;
  const closed = input.closedLoop;
  const start = closed || n === 0 ? 0 : (table.arrivalSeconds[0] as number);
  const counters = new SimulationCounters(start);
  const replicas: ReplicaScheduler[] = [];
  for (let r = 0; r < slots; r++)
    replicas.push(new ReplicaScheduler(r, configOf(r), table, counters, start, engine.lazyDecode ?? true));
  const heap = new IndexedMinHeap(slots);
  fleet?.applyUntil(start);
  const activity = input.activityWindows
    ? activityRecorder(input.activityWindows, input.fleet ? input.fleet.pools.length : 1)
    : undefined;
  // Requests that found no replica in service (fleet only): they wait at the router.
  const held: number[] = [];
  const timeline =
    input.timelineIntervalSeconds !== undefined
      ? new TimelineRecorder(
          input.timelineIntervalSeconds,
          start,
          replicas,
          counters,
          input.timelineMaxSamples,
        )
      : undefined;
  const comp: StepComposition = { ...EMPTY_STEP };
  const rejectedByReason = Object.fromEntries(REJECTION_REASONS.map((r) => [r, 0])) as Record<
    RejectionReason,
    number
  >;
  const maxSeconds = input.maxSimulatedSeconds ?? INFINITY;
  const maxSteps = input.maxSteps ?? INFINITY;
  // Closed loop: release times of the slots that free up, in time order (events are processed in order).
  const releases: number[] = [];
  let releaseHead = 0;
  if (closed) for (let k = 0; k < Math.min(closed.concurrency, n); k++) releases.push(0);
  let next = 0;
  let roundRobin = 0;
  let now = start;
  let truncated: SimulationSummary['truncated'] = null;

  const nextArrivalSeconds = (): number => {
    if (next >= n) return INFINITY;
    if (!closed) return table.arrivalSeconds[next] as number;
    return releaseHead < releases.length ? (releases[releaseHead] as number) : INFINITY;
  };

  const rejectionOf = (i: number, config: ReplicaConfig): RejectionReason | undefined => {
    const B = config.blockTokens;
    const prompt = table.inputTokens[i] as number;
    if (Math.ceil(prompt / B) > config.kvBlocks) return 'prompt-exceeds-kv-capacity';
    if (Math.ceil((prompt + (table.outputTokens[i] as number) - 1) / B) > config.kvBlocks)
      return 'sequence-exceeds-kv-capacity';
    if (!config.chunkedPrefill && prompt > config.maxNumBatchedTokens) return 'prompt-exceeds-token-budget';
    return undefined;
  };

  const route = (i: number): ReplicaScheduler | undefined => {
    if (fleet) {
      const slot = fleet.route(
        table.queryType[i] as number,
        (s) => (replicas[s] as ReplicaScheduler).outstandingTokens,
      );
      return slot < 0 ? undefined : replicas[slot];
    }
    if (input.router === 'round-robin') return replicas[roundRobin++ % replicas.length] as ReplicaScheduler;
    let best = replicas[0] as ReplicaScheduler;
    for (let r = 1; r < replicas.length; r++) {
      const candidate = replicas[r] as ReplicaScheduler;
      if (candidate.outstandingTokens < best.outstandingTokens) best = candidate;
    }
    return best;
  };

  const arrive = (t: number): void => {
    const i = next++;
    if (closed) {
      releaseHead++;
      table.arrivalSeconds[i] = t;
    }
    dispatch(i, t);
  };

  const dispatch = (i: number, t: number): void => {
    const target = route(i);
    if (!target) {
      held.push(i);
      return;
    }
    const reason = rejectionOf(i, configOf(target.index));
    if (reason !== undefined) {
      table.outcome[i] = REQUEST_OUTCOME.rejected;
      table.rejectionReason[i] = REJECTION_REASONS.indexOf(reason);
      rejectedByReason[reason]++;
      if (closed) releases.push(t);
      return;
    }
    target.enqueue(i);
    if (heap.keyOf(target.index) === INFINITY) heap.update(target.index, t);
  };

  for (;;) {
    const arrival = nextArrivalSeconds();
    const r = heap.minItem();
    const stepAt = slots > 0 ? heap.minKey() : INFINITY;
    const change = fleet ? fleet.nextChangeSeconds() : INFINITY;
    let t = arrival <= stepAt ? arrival : stepAt;
    if (change <= t && (change < INFINITY || held.length > 0)) t = change;
    if (t === INFINITY) break;
    if (t > maxSeconds) {
      truncated = { reason: 'max-simulated-seconds', atSeconds: now };
      break;
    }
    counters.advance(t);
    timeline?.advance(t);
    now = t;
    if (fleet && change <= t) {
      // Fleet changes go first at equal times, so an arrival at a change sees the new fleet.
      fleet.applyUntil(t);
      const waiting = held.splice(0);
      for (const i of waiting) dispatch(i, t);
      continue;
    }
    if (arrival <= stepAt) {
      arrive(t);
      continue;
    }
    const replica = replicas[r] as ReplicaScheduler;
    const finished = replica.complete(t);
    if (closed) for (let k = 0; k < finished; k++) releases.push(t);
    // Slots freed by this step (closed loop) refill before the next step is composed.
    while (nextArrivalSeconds() <= t) arrive(t);
    const sequences = replica.compose(t, comp);
    if (sequences === 0) {
      heap.update(r, INFINITY);
      continue;
    }
    const seconds = configOf(r).stepTimer.stepSeconds(comp);
    if (!(seconds > 0) || seconds === INFINITY) {
      // A step must take time: stop and say so (as data) rather than run backwards or never end.
      truncated = { reason: 'invalid-step-time', atSeconds: t, stepSeconds: seconds, step: { ...comp } };
      break;
    }
    heap.update(r, t + seconds);
    counters.steps++;
    counters.busySeconds += seconds;
    if (comp.prefillTokens > 0) counters.promptStepSeconds += seconds;
    if (activity)
      recordActivity(activity, fleet ? (fleet.poolOf[r] as number) : 0, t, seconds, comp.prefillTokens > 0);
    counters.batchSequencesSum += sequences;
    if (sequences > counters.batchSequencesMax) counters.batchSequencesMax = sequences;
    if (counters.steps >= maxSteps) {
      truncated = { reason: 'max-steps', atSeconds: t };
      break;
    }
  }

  const end = truncated ? now : Math.max(now, start);
  for (const replica of replicas) replica.integrate(end);
  counters.advance(end);
  let kvBlocksTotal = 0;
  for (let k = 0; k < slots; k++) kvBlocksTotal += configOf(k).kvBlocks;
  const summary = summarizeSimulation({
    input,
    kvBlocksPerReplica: slots > 0 ? kvBlocksTotal / slots : 0,
    table,
    counters,
    replicas,
    startSeconds: start,
    endSeconds: end,
    rejectedByReason,
    truncated,
    queryTypeThresholdTokens: threshold,
  });
  const requests = requestMetrics(table);
  const result: SimulationResult = { requests, summary };
  if (timeline) result.timeline = timeline.finish(end);
  if (activity) result.activity = activity.pools;
  return result;
}

function requestMetrics(t: RequestTable): SimulationResult['requests'] {
  const n = t.count;
  const ttft = new Float64Array(n).fill(Number.NaN);
  const tpot = new Float64Array(n).fill(Number.NaN);
  const e2e = new Float64Array(n).fill(Number.NaN);
  const queueing = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    const arrival = t.arrivalSeconds[i] as number;
    queueing[i] = (t.admittedSeconds[i] as number) - arrival;
    if (t.outcome[i] !== REQUEST_OUTCOME.completed) continue;
    const first = (t.firstTokenSeconds[i] as number) - arrival;
    const total = (t.finishSeconds[i] as number) - arrival;
    ttft[i] = first;
    e2e[i] = total;
    const output = t.outputTokens[i] as number;
    if (output > 1) tpot[i] = (total - first) / (output - 1);
  }
  return {
    arrivalSeconds: t.arrivalSeconds,
    ttftSeconds: ttft,
    tpotSeconds: tpot,
    e2eSeconds: e2e,
    queueingSeconds: queueing,
    replica: t.replica,
    outcome: t.outcome,
    rejectionReason: t.rejectionReason,
    preemptions: t.preemptions,
    prefixHitTokens: t.prefixHitTokens,
  };
}

function validate(input: SimulationInput): void {
  const positiveInteger = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  };
  if (input.fleet) {
    if (input.closedLoop) throw new RangeError('a changing fleet runs open loop only');
    if (input.fleet.pools.length === 0) throw new RangeError('a fleet needs at least one pool');
    for (let k = 1; k < input.fleet.steps.length; k++)
      if (!((input.fleet.steps[k]?.atSeconds as number) >= (input.fleet.steps[k - 1]?.atSeconds as number)))
        throw new RangeError(`fleet steps must be in time order (step ${k})`);
    for (const pool of input.fleet.pools) validateReplica(pool.replica);
  } else {
    positiveInteger('replicas', input.replicas);
    validateReplica(input.replica);
  }
  if (input.closedLoop) positiveInteger('closedLoop.concurrency', input.closedLoop.concurrency);
  if (input.timelineIntervalSeconds !== undefined && !(input.timelineIntervalSeconds > 0))
    throw new RangeError(`timelineIntervalSeconds must be > 0, got ${input.timelineIntervalSeconds}`);
  const windows = input.activityWindows;
  if (windows) {
    positiveInteger('activityWindows.count', windows.count);
    if (!(windows.windowSeconds > 0) || !Number.isFinite(windows.startSeconds))
      throw new RangeError('activityWindows needs a finite start and a window > 0');
  }
  const arrivals = input.workload.arrivalSeconds;
  for (let i = 1; i < arrivals.length; i++)
    if (!((arrivals[i] as number) >= (arrivals[i - 1] as number)))
      throw new RangeError(`workload arrivals must be ascending (request ${i})`);
}

function validateReplica(c: ReplicaConfig): void {
  const positiveInteger = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  };
  positiveInteger('maxNumSeqs', c.maxNumSeqs);
  positiveInteger('maxNumBatchedTokens', c.maxNumBatchedTokens);
  positiveInteger('blockTokens', c.blockTokens);
  if (!Number.isInteger(c.kvBlocks) || c.kvBlocks < 0)
    throw new RangeError(`kvBlocks must be ≥ 0, got ${c.kvBlocks}`);
  if (!Number.isInteger(c.hostKvBlocks) || c.hostKvBlocks < 0)
    throw new RangeError(`hostKvBlocks must be ≥ 0, got ${c.hostKvBlocks}`);
  if (!(c.kvBlockBytes >= 0)) throw new RangeError(`kvBlockBytes must be ≥ 0, got ${c.kvBlockBytes}`);
}
