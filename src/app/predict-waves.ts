import type { Issue } from '../core/issue.js';
import { tensorParallelOptions } from '../core/tensor-parallel.js';
import type { Candidate } from './candidate.js';
import { type PredictRequest, predict } from './predict.js';

/**
 * A batch too large for the GPUs' KV memory, as a serving engine without KV offloading runs it (vLLM's
 * default): at most `fitsSequences` sequences hold KV at once and the rest queue, so identical requests
 * run in waves, each wave starting when the previous one finishes.
 */
export interface Waves {
  requestedBatch: number;
  /** Most sequences whose KV fits on the GPUs at once (all replicas), and on one replica. */
  fitsSequences: number;
  perReplica: number;
  tensorParallel: number;
  waves: number;
  lastWaveSequences: number;
  /** One full wave, and the last (possibly smaller) one. */
  waveSeconds: number;
  lastWaveSeconds: number;
  /** The whole requested batch: every wave in turn. */
  batchSeconds: number;
  /** How long the last wave's requests wait before they start: their TTFT includes it. */
  lastWaveQueueingSeconds: number;
  /** Input + output tokens per second over the whole batch. */
  tokensPerSecond: number;
  /** The same batch with KV offloaded to host RAM instead (absent where offloading is impossible). */
  withOffload: { offloadFraction: number; batchSeconds: number; tokensPerSecond: number } | null;
}

const fitsWithoutOffload = (req: PredictRequest, tensorParallel: number, batchSize: number) => {
  const r = predict({ ...req, tensorParallel, task: { ...req.task, requests: batchSize, batchSize } });
  return r.ok && r.value.offloadFraction === 0 ? r.value : undefined;
};

/** The largest batch that runs with its whole KV on the GPUs at this degree (0: not even one). */
function largestFittingBatch(req: PredictRequest, tensorParallel: number): number {
  let [lo, hi] = [0, req.task.batchSize - 1];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fitsWithoutOffload(req, tensorParallel, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * When the requested batch does not fit without offloading: the degree that holds the most sequences
 * (the given one, if any), how many fit, and the waves the batch runs in. Undefined when the batch fits,
 * or when not even one sequence fits without offloading.
 */
export function planWaves(req: PredictRequest, offloaded: Candidate | undefined): Waves | undefined {
  const hw = req.hardware;
  const gpuCount = hw.kind === 'instance' ? hw.instance.gpuCount : hw.gpuCount;
  const degrees =
    req.tensorParallel !== undefined ? [req.tensorParallel] : tensorParallelOptions(req.model, gpuCount);
  let best: { tensorParallel: number; perRun: number } | undefined;
  for (const tensorParallel of degrees) {
    const perRun = largestFittingBatch(req, tensorParallel);
    if (perRun > 0 && (!best || perRun > best.perRun)) best = { tensorParallel, perRun };
  }
  if (!best) return undefined;
  const wave = fitsWithoutOffload(req, best.tensorParallel, best.perRun);
  if (!wave) return undefined;
  // Every replica (GPUs ÷ degree) runs a wave of `perRun` at the same time.
  const atOnce = best.perRun * wave.replicas;
  const waves = Math.ceil(req.task.batchSize / atOnce);
  const lastWaveSequences = req.task.batchSize - (waves - 1) * atOnce;
  const last = fitsWithoutOffload(req, best.tensorParallel, Math.ceil(lastWaveSequences / wave.replicas));
  if (!last) return undefined;
  const batchSeconds = (waves - 1) * wave.batchSeconds + last.batchSeconds;
  const tokens = req.task.batchSize * (req.task.inputTokens + req.task.outputTokens);
  return {
    requestedBatch: req.task.batchSize,
    fitsSequences: atOnce,
    perReplica: best.perRun,
    tensorParallel: best.tensorParallel,
    waves,
    lastWaveSequences,
    waveSeconds: wave.batchSeconds,
    lastWaveSeconds: last.batchSeconds,
    batchSeconds,
    lastWaveQueueingSeconds: (waves - 1) * wave.batchSeconds,
    tokensPerSecond: tokens / batchSeconds,
    withOffload: offloaded
      ? {
          offloadFraction: offloaded.offloadFraction,
          batchSeconds: offloaded.batchSeconds,
          tokensPerSecond: offloaded.tokensPerSecond,
        }
      : null,
  };
}

/** The warning that says the batch runs in waves. */
export function wavesWarning(w: Waves): Issue {
  return {
    code: 'batch-exceeds-kv',
    details: { batchSize: w.requestedBatch, fitsSequences: w.fitsSequences, waves: w.waves },
  };
}
