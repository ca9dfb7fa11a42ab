/** What a closed loop at one concurrency found. */
export interface ConcurrencyProbe {
  concurrency: number;
  /** Completed requests per second in the loop's steady state. */
  requestsPerSecond: number;
  meetsSlo: boolean;
}

export interface ConcurrencyRampResult {
  /**
   * OASIS's eq. 3 over the probed concurrencies: the probe with the highest throughput among those that
   * met the SLO (undefined when none did).
   */
  best: ConcurrencyProbe | undefined;
  /** Highest concurrency probed that met the SLO (0: none) and the lowest that missed (null: none did). */
  highestPassing: number;
  lowestFailing: number | null;
  probes: ConcurrencyProbe[];
}

export interface ConcurrencyRampOptions {
  /** First concurrency to try (the engine's batch limit is a good guess). */
  startConcurrency: number;
  /** Never probe above this concurrency. */
  maxConcurrency: number;
  /** Stop when the failing bound is within this relative distance of the passing one (default 0.05). */
  relativeTolerance?: number;
}

/**
 * OASIS's phase-1 concurrency ramp, searched rather than stepped: it raises concurrency until the latency
 * percentile passes the SLO and records the best throughput below that point. If latency rises with
 * concurrency (it does in a closed loop: more requests share each step, and past the batch limit they
 * queue), the highest passing concurrency is the same one a step-by-step ramp finds; this finds it by
 * doubling from `startConcurrency` (or halving when that already misses) and then bisecting, in
 * O(log) closed-loop runs. `probe` must be deterministic.
 *
 * Example: SLO met up to c = 87 (OASIS Table 1, Llama3-8B LISO) from start 64, max 512: 64 ✓, 128 ✗,
 * 96 ✗, 80 ✓, 88 ✗, 84 ✓, 86 ✓, 87 ✓ (bracket within 1): highest passing 87.
 */
export function concurrencyRamp(
  probe: (concurrency: number) => ConcurrencyProbe,
  options: ConcurrencyRampOptions,
): ConcurrencyRampResult {
  const search = rampSearch(options);
  let next = search.next();
  while (!next.done) next = search.next(probe(next.value));
  return next.value;
}

/** concurrencyRamp with a probe that takes time (a load test against a live endpoint). */
export async function concurrencyRampAsync(
  probe: (concurrency: number) => Promise<ConcurrencyProbe>,
  options: ConcurrencyRampOptions,
): Promise<ConcurrencyRampResult> {
  const search = rampSearch(options);
  let next = search.next();
  while (!next.done) next = search.next(await probe(next.value));
  return next.value;
}

/** The search itself: yields each concurrency to probe, is sent the probe's result. */
function* rampSearch(
  options: ConcurrencyRampOptions,
): Generator<number, ConcurrencyRampResult, ConcurrencyProbe> {
  const tolerance = options.relativeTolerance ?? 0.05;
  const max = Math.max(1, Math.floor(options.maxConcurrency));
  const probes: ConcurrencyProbe[] = [];
  let low = 0;
  let high: number | null = null;
  let c = Math.min(max, Math.max(1, Math.floor(options.startConcurrency)));
  // Bracket: double up from a pass, halve down from a miss.
  for (;;) {
    const p = yield c;
    probes.push(p);
    if (p.meetsSlo) {
      low = c;
      if (high !== null || c >= max) break;
      c = Math.min(max, c * 2);
    } else {
      high = c;
      if (low > 0 || c === 1) break;
      c = Math.max(1, Math.floor(c / 2));
    }
  }
  // Bisect on integers until the bracket is within the tolerance (or adjacent).
  while (low > 0 && high !== null && high - low > Math.max(1, Math.floor(low * tolerance))) {
    const mid = Math.floor((low + high) / 2);
    const p = yield mid;
    probes.push(p);
    if (p.meetsSlo) low = mid;
    else high = mid;
  }
  let best: ConcurrencyProbe | undefined;
  for (const p of probes) if (p.meetsSlo && (!best || p.requestsPerSecond > best.requestsPerSecond)) best = p;
  return { best, highestPassing: low, lowestFailing: high, probes };
}
