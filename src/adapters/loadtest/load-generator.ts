import { performance } from 'node:perf_hooks';
import { type RequestResult, type RequestSpec, timeRequest } from './client.js';

export interface LoadSpec extends RequestSpec {
  concurrency: number;
  requests: number;
  /**
   * Untimed 1-token requests sent (all at once) before the run: they open the connections and warm
   * the client (its first fetch loads the HTTP stack) and the server, which would otherwise inflate
   * the first requests' TTFT by tens of milliseconds. Default 0.
   */
  warmup?: number;
}

export interface LoadRun {
  results: RequestResult[];
  /** Seconds from the first request sent to the last reply finished. */
  wallSeconds: number;
  /** Time-averaged requests in flight: Σ request durations / wall time (Little's law). */
  meanConcurrency: number;
}

/**
 * Sends `requests` requests, never more than `concurrency` at once: that many workers each take the
 * next request as soon as their previous one finishes (a closed loop, like vllm bench / GuideLLM's
 * concurrent mode).
 */
export async function runLoad(
  spec: LoadSpec,
  send: (spec: RequestSpec) => Promise<RequestResult> = timeRequest,
): Promise<LoadRun> {
  const warmup = spec.warmup ?? 0;
  if (warmup > 0) {
    await Promise.all(Array.from({ length: warmup }, () => send({ ...spec, maxTokens: 1 })));
  }
  const results: RequestResult[] = [];
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < spec.requests) {
      next += 1;
      results.push(await send(spec));
    }
  };
  await Promise.all(Array.from({ length: Math.min(spec.concurrency, spec.requests) }, worker));
  const wallSeconds = Math.max((performance.now() - start) / 1000, 1e-9);
  const busy = results.reduce((sum, r) => sum + (r.end - r.start) / 1000, 0);
  return { results, wallSeconds, meanConcurrency: busy / wallSeconds };
}
