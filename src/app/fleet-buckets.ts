import type { Issue } from '../core/issue.js';
import { Random } from '../sim/random.js';
import { meanRequestsPerSecond, scaleToRate } from '../sim/scale-workload.js';
import { generateWorkload } from '../sim/synthetic-workload.js';
import type { Workload } from '../sim/workload.js';
import type { FleetDistributionRow, FleetRequest } from './fleet-request.js';

/** Where the request sizes come from: a trace (replayed as recorded) or a weighted size distribution. */
export type FleetSource =
  | { kind: 'trace'; workload: Workload }
  | { kind: 'distribution'; rows: FleetDistributionRow[]; source: string };

/** Sizes with weights, as the buckets hold them. */
interface SizeColumns {
  inputTokens: number[];
  outputTokens: number[];
  weights: number[];
}

export interface FleetBucket {
  id: string;
  /** Prompt tokens in (above, atMost]; atMost null: no upper edge. */
  inputTokens: { above: number; atMost: number | null };
  outputTokens: { above: number; atMost: number | null };
  /** Share of all requests (by count for a trace, by weight for a distribution). */
  share: number;
  requestsPerSecond: number;
  meanInputTokens: number;
  meanOutputTokens: number;
  /** Longest prompt + output in the bucket: what a replica's KV cache must hold to serve it. */
  longestSequenceTokens: number;
  /** Trace requests (or distribution rows) in the bucket. */
  members: number;
}

export interface FleetHistogram {
  buckets: FleetBucket[];
  /** The sizes of each bucket (parallel to `buckets`), for capacity probes. */
  sizes: SizeColumns[];
  requestsPerSecond: number;
}

/** Index of the range holding `tokens`: the first edge ≥ tokens, else the open last range. */
function rangeIndex(edges: readonly number[], tokens: number): number {
  for (let i = 0; i < edges.length; i++) if (tokens <= (edges[i] as number)) return i;
  return edges.length;
}

const range = (edges: readonly number[], i: number) => ({
  above: i === 0 ? 0 : (edges[i - 1] as number),
  atMost: i < edges.length ? (edges[i] as number) : null,
});

/** `in 513–2048, out ≤128`. */
export function bucketId(b: Pick<FleetBucket, 'inputTokens' | 'outputTokens'>): string {
  const part = (r: FleetBucket['inputTokens']) =>
    r.atMost === null ? `>${r.above}` : r.above === 0 ? `≤${r.atMost}` : `${r.above + 1}–${r.atMost}`;
  return `in ${part(b.inputTokens)}, out ${part(b.outputTokens)}`;
}

/**
 * The non-empty size buckets of the source and each one's rate (the total rate × its share), or the
 * problems: no requests, no weight, or a distribution without a rate.
 */
export function fleetHistogram(
  source: FleetSource,
  req: FleetRequest,
): { ok: true; value: FleetHistogram } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const columns: SizeColumns =
    source.kind === 'trace'
      ? {
          inputTokens: Array.from(source.workload.inputTokens),
          outputTokens: Array.from(source.workload.outputTokens),
          weights: Array.from(source.workload.inputTokens, () => 1),
        }
      : {
          inputTokens: source.rows.map((r) => r.inputTokens),
          outputTokens: source.rows.map((r) => r.outputTokens),
          weights: source.rows.map((r) => r.weight),
        };
  const totalWeight = columns.weights.reduce((a, b) => a + b, 0);
  if (source.kind === 'trace' && columns.weights.length === 0)
    issues.push({ code: 'empty-trace', path: 'trace', details: { source: source.workload.source } });
  if (source.kind === 'distribution' && !(totalWeight > 0))
    issues.push({
      code: 'empty-histogram',
      path: 'distribution',
      details: { source: source.source, rows: source.rows.length },
    });
  let rate = req.requestsPerSecond;
  if (rate === undefined && source.kind === 'distribution')
    issues.push({
      code: 'missing-option',
      path: 'rate',
      message: 'a size distribution has no arrival rate: give the total rate (e.g. {{rate}} 30)',
    });
  if (source.kind === 'trace' && columns.weights.length > 0) {
    // The replay runs the trace itself (time-scaled to --rate when given): it needs a time span.
    const own = meanRequestsPerSecond(source.workload);
    if (Number.isNaN(own))
      issues.push({
        code: 'invalid-option',
        path: 'trace',
        message: `the trace has no arrival rate to replay (${columns.weights.length} request(s), no time between first and last): give a longer trace or a {{distribution}} with {{rate}}`,
      });
    else rate ??= own;
  }
  if (issues.length > 0 || rate === undefined) return { ok: false, issues };
  const inEdges = req.inputBucketEdges;
  const outEdges = req.outputBucketEdges;
  const width = outEdges.length + 1;
  const groups = new Map<number, SizeColumns>();
  columns.weights.forEach((w, k) => {
    if (!(w > 0)) return;
    const p = columns.inputTokens[k] as number;
    const o = columns.outputTokens[k] as number;
    const index = rangeIndex(inEdges, p) * width + rangeIndex(outEdges, o);
    const g = groups.get(index) ?? { inputTokens: [], outputTokens: [], weights: [] };
    g.inputTokens.push(p);
    g.outputTokens.push(o);
    g.weights.push(w);
    groups.set(index, g);
  });
  const buckets: FleetBucket[] = [];
  const sizes: SizeColumns[] = [];
  for (const [index, g] of [...groups].sort((a, b) => a[0] - b[0])) {
    const weight = g.weights.reduce((a, b) => a + b, 0);
    const mean = (xs: number[]) => xs.reduce((s, x, k) => s + x * (g.weights[k] as number), 0) / weight;
    const shape = {
      inputTokens: range(inEdges, Math.floor(index / width)),
      outputTokens: range(outEdges, index % width),
    };
    buckets.push({
      id: bucketId(shape),
      ...shape,
      share: weight / totalWeight,
      requestsPerSecond: (rate * weight) / totalWeight,
      meanInputTokens: mean(g.inputTokens),
      meanOutputTokens: mean(g.outputTokens),
      longestSequenceTokens: Math.max(...g.inputTokens.map((p, k) => p + (g.outputTokens[k] as number))),
      members: g.weights.length,
    });
    sizes.push(g);
  }
  return { ok: true, value: { buckets, sizes, requestsPerSecond: rate } };
}

/** Draws `count` sizes from weighted columns (with replacement), deterministically in `seed`. */
function drawSizes(
  sizes: SizeColumns,
  count: number,
  seed: number,
): { input: Uint32Array; output: Uint32Array } {
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of sizes.weights) {
    sum += w;
    cumulative.push(sum);
  }
  const random = new Random(seed, 7);
  const input = new Uint32Array(count);
  const output = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const u = random.float() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    input[i] = sizes.inputTokens[lo] as number;
    output[i] = sizes.outputTokens[lo] as number;
  }
  return { input, output };
}

/** Poisson arrivals at `requestsPerSecond` with sizes drawn from the columns. */
export function sampledWorkload(
  sizes: SizeColumns,
  count: number,
  requestsPerSecond: number,
  seed: number,
  source: string,
): Workload {
  const arrivals = generateWorkload({
    requests: count,
    requestsPerSecond,
    arrival: { kind: 'poisson' },
    inputLengths: { kind: 'fixed', tokens: 1 },
    outputLengths: { kind: 'fixed', tokens: 1 },
    seed,
  });
  const { input, output } = drawSizes(sizes, count, seed);
  return { arrivalSeconds: arrivals.arrivalSeconds, inputTokens: input, outputTokens: output, source };
}

/** What the chosen fleet is replayed with: the trace itself (at the requested rate), or a Poisson sample. */
export function replayWorkload(source: FleetSource, req: FleetRequest, requestsPerSecond: number): Workload {
  if (source.kind === 'trace')
    return req.requestsPerSecond === undefined
      ? source.workload
      : scaleToRate(source.workload, req.requestsPerSecond);
  return sampledWorkload(
    {
      inputTokens: source.rows.map((r) => r.inputTokens),
      outputTokens: source.rows.map((r) => r.outputTokens),
      weights: source.rows.map((r) => r.weight),
    },
    req.replayRequests,
    requestsPerSecond,
    req.seed,
    `${source.source}: ${req.replayRequests} Poisson arrivals at ${requestsPerSecond} req/s`,
  );
}

/** Bucket index of each request of a workload (−1 when it falls in no listed bucket). */
export function bucketOfRequests(
  w: Workload,
  req: FleetRequest,
  buckets: readonly FleetBucket[],
): Int32Array {
  const ids = new Map(buckets.map((b, i) => [b.id, i]));
  const width = req.outputBucketEdges.length + 1;
  const out = new Int32Array(w.arrivalSeconds.length);
  for (let i = 0; i < out.length; i++) {
    const ri = rangeIndex(req.inputBucketEdges, w.inputTokens[i] as number);
    const ro = rangeIndex(req.outputBucketEdges, w.outputTokens[i] as number);
    const index = ri * width + ro;
    const id = bucketId({
      inputTokens: range(req.inputBucketEdges, Math.floor(index / width)),
      outputTokens: range(req.outputBucketEdges, index % width),
    });
    out[i] = ids.get(id) ?? -1;
  }
  return out;
}
