import { Random } from './random.js';
import type { Workload } from './workload.js';

/**
 * How requests arrive. Gaps between arrivals are independent and identically distributed with mean
 * 1 / requestsPerSecond:
 * - `poisson`: exponential gaps (coefficient of variation 1);
 * - `gamma`: gamma gaps with the given coefficient of variation `cv` (standard deviation / mean of the gaps):
 *   cv < 1 is smoother than Poisson, cv > 1 burstier, cv = 1 has Poisson's distribution, cv = 0 is constant;
 * - `constant`: evenly spaced.
 */
export type ArrivalProcess = { kind: 'poisson' } | { kind: 'gamma'; cv: number } | { kind: 'constant' };

/**
 * Token lengths of a column:
 * - `fixed`: always `tokens`;
 * - `uniform`: an integer uniform on [minTokens, maxTokens];
 * - `empirical`: drawn (with replacement) from a workload's own column — its `inputTokens` for input lengths,
 *   its `outputTokens` for output lengths. When input and output are both empirical from the same workload
 *   object, whole requests are drawn, keeping each request's input and output together (and so their
 *   correlation).
 */
export type LengthDistribution =
  | { kind: 'fixed'; tokens: number }
  | { kind: 'uniform'; minTokens: number; maxTokens: number }
  | { kind: 'empirical'; from: Workload };

export interface SyntheticWorkloadOptions {
  /** How many requests; give this or `durationSeconds`. */
  requests?: number;
  /** Generate every arrival before this time; give this or `requests`. */
  durationSeconds?: number;
  /** Mean arrival rate. */
  requestsPerSecond: number;
  arrival: ArrivalProcess;
  inputLengths: LengthDistribution;
  outputLengths: LengthDistribution;
  /** Same seed, same options ⇒ identical workload. Only the seed's low 32 bits matter. */
  seed: number;
}

/** Independent random streams per column: changing the length distributions leaves the arrivals unchanged. */
const ARRIVAL_STREAM = 1;
const INPUT_STREAM = 2;
const OUTPUT_STREAM = 3;
const MAX_TOKENS = 0xffffffff;

/**
 * A synthetic workload: arrivals from a renewal process starting with a request at time 0, and token lengths
 * from the given distributions. Pure and deterministic in its options. Invalid options (a non-positive rate,
 * both or neither of `requests` and `durationSeconds`, min > max, an empty empirical workload…) are
 * programmer errors and throw a RangeError: validate user input before calling.
 */
export function generateWorkload(options: SyntheticWorkloadOptions): Workload {
  validate(options);
  const arrivalSeconds = generateArrivals(options);
  const count = arrivalSeconds.length;
  const { inputLengths, outputLengths, seed } = options;
  const inputTokens = new Uint32Array(count);
  const outputTokens = new Uint32Array(count);
  if (
    inputLengths.kind === 'empirical' &&
    outputLengths.kind === 'empirical' &&
    inputLengths.from === outputLengths.from
  ) {
    const rows = inputLengths.from;
    const random = new Random(seed, INPUT_STREAM);
    const last = rows.inputTokens.length - 1;
    for (let i = 0; i < count; i++) {
      const row = random.integer(0, last);
      inputTokens[i] = rows.inputTokens[row] ?? 0;
      outputTokens[i] = rows.outputTokens[row] ?? 0;
    }
  } else {
    fillLengths(inputTokens, inputLengths, 'input', new Random(seed, INPUT_STREAM));
    fillLengths(outputTokens, outputLengths, 'output', new Random(seed, OUTPUT_STREAM));
  }
  return { arrivalSeconds, inputTokens, outputTokens, source: describeOptions(options) };
}

function generateArrivals(options: SyntheticWorkloadOptions): Float64Array {
  const { requestsPerSecond, arrival, requests, durationSeconds, seed } = options;
  const meanGapSeconds = 1 / requestsPerSecond;
  const random = new Random(seed, ARRIVAL_STREAM);
  let nextGapSeconds: () => number;
  if (arrival.kind === 'constant' || (arrival.kind === 'gamma' && arrival.cv === 0)) {
    nextGapSeconds = () => meanGapSeconds;
  } else if (arrival.kind === 'poisson') {
    nextGapSeconds = () => random.exponential() * meanGapSeconds;
  } else {
    const shape = 1 / (arrival.cv * arrival.cv);
    const scaleSeconds = meanGapSeconds / shape;
    nextGapSeconds = () => random.gamma(shape) * scaleSeconds;
  }

  if (requests !== undefined) {
    const out = new Float64Array(requests);
    let t = 0;
    for (let i = 1; i < requests; i++) {
      t += nextGapSeconds();
      out[i] = t;
    }
    return out;
  }
  const endSeconds = durationSeconds ?? 0;
  let out = new Float64Array(Math.max(16, Math.ceil(endSeconds * requestsPerSecond * 1.1)));
  let count = 0;
  for (let t = 0; t < endSeconds; t += nextGapSeconds()) {
    if (count === out.length) {
      const grown = new Float64Array(out.length * 2);
      grown.set(out);
      out = grown;
    }
    out[count++] = t;
  }
  return out.slice(0, count);
}

function fillLengths(
  out: Uint32Array,
  lengths: LengthDistribution,
  column: 'input' | 'output',
  random: Random,
): void {
  if (lengths.kind === 'fixed') {
    out.fill(lengths.tokens);
  } else if (lengths.kind === 'uniform') {
    for (let i = 0; i < out.length; i++) out[i] = random.integer(lengths.minTokens, lengths.maxTokens);
  } else {
    const values = column === 'input' ? lengths.from.inputTokens : lengths.from.outputTokens;
    const last = values.length - 1;
    for (let i = 0; i < out.length; i++) out[i] = values[random.integer(0, last)] ?? 0;
  }
}

const isTokenCount = (v: number) => Number.isInteger(v) && v >= 0 && v <= MAX_TOKENS;

function validateLengths(lengths: LengthDistribution, name: string): void {
  if (lengths.kind === 'fixed' && !isTokenCount(lengths.tokens)) {
    throw new RangeError(
      `generateWorkload: ${name}.tokens must be a whole number ≥ 0, got ${lengths.tokens}`,
    );
  }
  if (lengths.kind === 'uniform') {
    const { minTokens, maxTokens } = lengths;
    if (!isTokenCount(minTokens) || !isTokenCount(maxTokens) || minTokens > maxTokens) {
      throw new RangeError(
        `generateWorkload: ${name} needs whole numbers 0 ≤ minTokens ≤ maxTokens, got ${minTokens}..${maxTokens}`,
      );
    }
  }
  if (lengths.kind === 'empirical' && lengths.from.arrivalSeconds.length === 0) {
    throw new RangeError(`generateWorkload: ${name} is empirical from an empty workload`);
  }
}

function validate(options: SyntheticWorkloadOptions): void {
  const { requests, durationSeconds, requestsPerSecond, arrival, seed } = options;
  if (!(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond)) {
    throw new RangeError(`generateWorkload: requestsPerSecond must be positive, got ${requestsPerSecond}`);
  }
  if ((requests === undefined) === (durationSeconds === undefined)) {
    throw new RangeError('generateWorkload: give exactly one of requests and durationSeconds');
  }
  if (requests !== undefined && !(Number.isSafeInteger(requests) && requests >= 0)) {
    throw new RangeError(`generateWorkload: requests must be a whole number ≥ 0, got ${requests}`);
  }
  if (durationSeconds !== undefined && !(durationSeconds >= 0 && Number.isFinite(durationSeconds))) {
    throw new RangeError(`generateWorkload: durationSeconds must be ≥ 0 and finite, got ${durationSeconds}`);
  }
  if (arrival.kind === 'gamma' && !(arrival.cv >= 0 && Number.isFinite(arrival.cv))) {
    throw new RangeError(`generateWorkload: gamma arrivals need a finite cv ≥ 0, got ${arrival.cv}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`generateWorkload: seed must be an integer, got ${seed}`);
  validateLengths(options.inputLengths, 'inputLengths');
  validateLengths(options.outputLengths, 'outputLengths');
}

function describeLengths(lengths: LengthDistribution): string {
  if (lengths.kind === 'fixed') return `fixed ${lengths.tokens}`;
  if (lengths.kind === 'uniform') return `uniform ${lengths.minTokens}–${lengths.maxTokens}`;
  return `empirical from ${lengths.from.source}`;
}

function describeOptions(options: SyntheticWorkloadOptions): string {
  const { arrival, requestsPerSecond, requests, durationSeconds, seed } = options;
  const process = arrival.kind === 'gamma' ? `gamma (cv ${arrival.cv})` : arrival.kind;
  const size = requests !== undefined ? `${requests} requests` : `${durationSeconds} s`;
  return (
    `synthetic: ${process} arrivals at ${requestsPerSecond} req/s, ${size}, ` +
    `input ${describeLengths(options.inputLengths)}, output ${describeLengths(options.outputLengths)}, seed ${seed}`
  );
}
