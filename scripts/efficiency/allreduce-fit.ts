import { absPctError, type ErrorSummary, summarizeErrors } from './error-stats.js';
import { type CollectiveRow, dtypeBytes } from './tables.js';

/**
 * All-reduce cost as the product models it: latencySeconds + bytes·2(n−1)/n / busBytesPerSecond,
 * fitted per GPU count to the faster of NCCL and vLLM's custom all-reduce at each message size.
 */

export interface AllReduceCost {
  latencySeconds: number;
  busBytesPerSecond: number;
}

export interface AllReducePoint {
  numGpus: number;
  messageBytes: number;
  seconds: number;
  source: 'nccl' | 'custom';
}

/** vLLM captures decode in CUDA graphs, so the graph-mode custom kernel is the one it runs. */
export const CUSTOM_KERNEL_SOURCE = 'vLLM_custom_graph';

function keyOf(numGpus: number, messageBytes: number): string {
  return `${numGpus}:${messageBytes}`;
}

/**
 * For each (GPU count, message bytes) measured by both NCCL (half) and the custom graph-mode kernel
 * (bf16), the faster of the two, as vLLM picks custom all-reduce when it wins. Sorted by GPU count,
 * then bytes.
 */
export function fastestAllReducePoints(
  ncclRows: readonly CollectiveRow[],
  customRows: readonly CollectiveRow[],
): AllReducePoint[] {
  const custom = new Map<string, number>();
  for (const row of customRows) {
    if (row.opName !== 'all_reduce' || row.kernelSource !== CUSTOM_KERNEL_SOURCE) continue;
    custom.set(keyOf(row.numGpus, row.messageElements * dtypeBytes(row.dtype)), row.seconds);
  }
  const points: AllReducePoint[] = [];
  for (const row of ncclRows) {
    if (row.opName !== 'all_reduce' || row.dtype !== 'half') continue;
    const messageBytes = row.messageElements * dtypeBytes(row.dtype);
    const customSeconds = custom.get(keyOf(row.numGpus, messageBytes));
    if (customSeconds === undefined) continue;
    const customWins = customSeconds < row.seconds;
    points.push({
      numGpus: row.numGpus,
      messageBytes,
      seconds: customWins ? customSeconds : row.seconds,
      source: customWins ? 'custom' : 'nccl',
    });
  }
  return points.sort((a, b) => a.numGpus - b.numGpus || a.messageBytes - b.messageBytes);
}

/** Bytes each GPU sends in a ring all-reduce of `messageBytes`: 2(n−1)/n · bytes. */
export function busBytes(messageBytes: number, numGpus: number): number {
  return (messageBytes * 2 * (numGpus - 1)) / numGpus;
}

export function allReduceSeconds(messageBytes: number, numGpus: number, cost: AllReduceCost): number {
  return cost.latencySeconds + busBytes(messageBytes, numGpus) / cost.busBytesPerSecond;
}

/**
 * Least squares on relative residuals, Σ((L + x·c − t)/t)², with x the bus bytes and c = 1/bandwidth:
 * a 2×2 weighted linear system. If the best latency is negative it is clamped to 0 and c refitted.
 */
export function fitAllReduce(points: readonly AllReducePoint[]): AllReduceCost {
  if (points.length < 2) throw new Error('all-reduce fit needs at least two message sizes');
  let sw = 0;
  let swx = 0;
  let swxx = 0;
  let swt = 0;
  let swxt = 0;
  for (const point of points) {
    const weight = 1 / (point.seconds * point.seconds);
    const x = busBytes(point.messageBytes, point.numGpus);
    sw += weight;
    swx += weight * x;
    swxx += weight * x * x;
    swt += weight * point.seconds;
    swxt += weight * x * point.seconds;
  }
  const determinant = sw * swxx - swx * swx;
  let latencySeconds = (swxx * swt - swx * swxt) / determinant;
  let secondsPerByte = (sw * swxt - swx * swt) / determinant;
  if (!(latencySeconds >= 0)) {
    latencySeconds = 0;
    secondsPerByte = swxt / swxx;
  }
  if (!(secondsPerByte > 0)) throw new Error('all-reduce fit found no bandwidth term');
  return {
    latencySeconds: Number(latencySeconds.toPrecision(4)),
    busBytesPerSecond: Number((1 / secondsPerByte).toPrecision(4)),
  };
}

export interface AllReduceEvaluation extends ErrorSummary {
  /** Message sizes where vLLM's custom kernel beat NCCL. */
  customFasterPoints: number;
  minMessageBytes: number;
  maxMessageBytes: number;
}

export function evaluateAllReduce(
  points: readonly AllReducePoint[],
  cost: AllReduceCost,
): AllReduceEvaluation {
  const errors = points.map((point) =>
    absPctError(allReduceSeconds(point.messageBytes, point.numGpus, cost), point.seconds),
  );
  return {
    ...summarizeErrors(errors),
    customFasterPoints: points.filter((point) => point.source === 'custom').length,
    minMessageBytes: Math.min(...points.map((point) => point.messageBytes)),
    maxMessageBytes: Math.max(...points.map((point) => point.messageBytes)),
  };
}
