import type { Workload } from './workload.js';

/**
 * The mean arrival rate of a workload: (requests − 1) / (last arrival − first arrival), i.e. one over the
 * mean gap between consecutive arrivals. NaN when it has fewer than two requests or they all arrive at once.
 */
export function meanRequestsPerSecond(w: Workload): number {
  const count = w.arrivalSeconds.length;
  if (count < 2) return Number.NaN;
  const spanSeconds = (w.arrivalSeconds[count - 1] ?? 0) - (w.arrivalSeconds[0] ?? 0);
  return spanSeconds > 0 ? (count - 1) / spanSeconds : Number.NaN;
}

/**
 * The same requests with every arrival time multiplied by one factor, so the mean rate
 * (`meanRequestsPerSecond`) becomes `requestsPerSecond`: the trace's burstiness and its lengths are kept,
 * only the clock runs faster or slower. Throws a RangeError when the target is not positive or the workload
 * has no rate to scale (fewer than two requests, or all at the same instant): check `meanRequestsPerSecond`
 * first.
 */
export function scaleToRate(w: Workload, requestsPerSecond: number): Workload {
  if (!(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond)) {
    throw new RangeError(`scaleToRate: requestsPerSecond must be positive, got ${requestsPerSecond}`);
  }
  const currentRequestsPerSecond = meanRequestsPerSecond(w);
  if (Number.isNaN(currentRequestsPerSecond)) {
    throw new RangeError(
      `scaleToRate: ${w.source} has no arrival rate to scale (${w.arrivalSeconds.length} requests, no time span)`,
    );
  }
  const factor = currentRequestsPerSecond / requestsPerSecond;
  const arrivalSeconds = w.arrivalSeconds.map((t) => t * factor);
  return {
    ...copyColumns(w, 0, w.arrivalSeconds.length),
    arrivalSeconds,
    source: `${w.source}, scaled to ${requestsPerSecond} req/s (×${factor.toPrecision(4)} time)`,
  };
}

/** The first `count` requests (all of them when the workload is shorter). */
export function firstRequests(w: Workload, count: number): Workload {
  if (!(Number.isSafeInteger(count) && count >= 0)) {
    throw new RangeError(`firstRequests: count must be a whole number ≥ 0, got ${count}`);
  }
  const end = Math.min(count, w.arrivalSeconds.length);
  return { ...copyColumns(w, 0, end), source: `${w.source}, first ${end} requests` };
}

/**
 * The requests arriving in [startSeconds, endSeconds), with arrival times measured from `startSeconds`
 * (so a quiet start of the window is kept as a delay before the first request).
 * @internal Not used by the shipped code: kept for tests and build scripts (knip --production).
 */
export function timeWindow(w: Workload, startSeconds: number, endSeconds: number): Workload {
  if (!(startSeconds >= 0 && endSeconds >= startSeconds) || Number.isNaN(endSeconds)) {
    throw new RangeError(
      `timeWindow: need 0 ≤ startSeconds ≤ endSeconds, got ${startSeconds}..${endSeconds}`,
    );
  }
  const begin = lowerBound(w.arrivalSeconds, startSeconds);
  const end = lowerBound(w.arrivalSeconds, endSeconds);
  const columns = copyColumns(w, begin, end);
  const arrivalSeconds = columns.arrivalSeconds.map((t) => t - startSeconds);
  return {
    ...columns,
    arrivalSeconds,
    source: `${w.source}, window ${startSeconds}–${endSeconds} s`,
  };
}

/** The first index whose arrival is ≥ t (arrivals are ascending). */
function lowerBound(arrivalSeconds: Float64Array, t: number): number {
  let low = 0;
  let high = arrivalSeconds.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((arrivalSeconds[mid] ?? 0) < t) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Copies of rows [begin, end) of every column, prefix blocks included; never views of the input. */
function copyColumns(w: Workload, begin: number, end: number): Omit<Workload, 'source'> {
  const columns: Omit<Workload, 'source'> = {
    arrivalSeconds: w.arrivalSeconds.slice(begin, end),
    inputTokens: w.inputTokens.slice(begin, end),
    outputTokens: w.outputTokens.slice(begin, end),
  };
  if (w.prefix) {
    const { blockTokens, blockOffsets, blockIds } = w.prefix;
    const first = blockOffsets[begin] ?? 0;
    const last = blockOffsets[end] ?? first;
    columns.prefix = {
      blockTokens,
      blockOffsets: blockOffsets.slice(begin, end + 1).map((offset) => offset - first),
      blockIds: blockIds.slice(first, last),
    };
  }
  return columns;
}
