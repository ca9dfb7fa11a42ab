import type { Calibration } from '../core/calibration.js';
import type { EngineProfile } from '../core/engine-profile.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { ModelConfig } from '../core/model-config.js';
import type { KvCacheDtype, Precision } from '../core/precision.js';
import { simulate } from '../sim/simulate.js';
import type { LatencyStats } from '../sim/simulation-result.js';
import { invalidStepIssue } from './check-step-timer.js';
import type { EfficiencyData } from './predictors.js';
import { buildServingReplica, type SchedulerSettings, type ServingHardware } from './serving-replica.js';

export interface ConcurrencyRequest {
  model: ModelConfig;
  hardware: ServingHardware;
  precision: Precision;
  kvCacheDtype?: KvCacheDtype;
  tensorParallel?: number;
  /** Requests in flight at once (closed loop), as vllm bench serve --max-concurrency sets it. */
  concurrency: number;
  inputTokens: number;
  outputTokens: number;
  efficiency: EfficiencyData;
  calibration?: Calibration;
  /** Serving engine whose step overheads the step timer adds (absent: kernels only). */
  engine?: EngineProfile;
  scheduler?: SchedulerSettings;
  gpuMemoryUtilization: number;
  hostMemoryUtilization: number;
}

export interface ConcurrencyPrediction {
  concurrency: number;
  /** Requests simulated: four waves of `concurrency`, at least 64 (the first wave's TTFT counts too). */
  requests: number;
  tensorParallel: number;
  ttftSeconds: LatencyStats;
  tpotSeconds: LatencyStats | null;
  e2eSeconds: LatencyStats;
  outputTokensPerSecond: number;
  /** Mean sequences per engine step: below `concurrency` while prompts wait for their chunks. */
  meanBatchSize: number;
  preemptions: number;
  warnings: Issue[];
}

/** Most requests one concurrency prediction simulates (keeps `predict` interactive). */
export const MAX_CONCURRENCY_REQUESTS = 20_000;

/**
 * TTFT and TPOT at a fixed concurrency, from the serving simulator rather than a batch formula: one
 * replica of the placement (vLLM's scheduler defaults for the GPU: token budget, chunked prefill,
 * paged KV, recompute preemption) runs a closed loop of identical requests — `concurrency` start at
 * time 0 and each finished request is replaced at once — so TTFT carries the queueing and the chunked
 * prefill of the requests around it, and TPOT the other requests' prefill chunks that share its steps.
 * Identical requests admitted in the same wave stay in step with each other, as they do on a real
 * engine under `vllm bench serve` with fixed lengths; the token budget staggers the waves.
 */
export function predictAtConcurrency(req: ConcurrencyRequest): Result<ConcurrencyPrediction> {
  const serving = buildServingReplica({
    model: req.model,
    hardware: req.hardware,
    precision: req.precision,
    ...(req.kvCacheDtype ? { kvCacheDtype: req.kvCacheDtype } : {}),
    ...(req.tensorParallel !== undefined ? { tensorParallel: req.tensorParallel } : {}),
    minimumKvTokens: req.inputTokens + req.outputTokens,
    scheduler: req.scheduler ?? {},
    efficiency: req.efficiency,
    ...(req.calibration ? { calibration: req.calibration } : {}),
    ...(req.engine ? { engine: req.engine } : {}),
    gpuMemoryUtilization: req.gpuMemoryUtilization,
    hostMemoryUtilization: req.hostMemoryUtilization,
  });
  if (!serving.ok) return serving;
  const s = serving.value;
  const requests = Math.min(MAX_CONCURRENCY_REQUESTS, Math.max(64, 4 * req.concurrency));
  const run = simulate({
    workload: {
      arrivalSeconds: new Float64Array(requests),
      inputTokens: new Uint32Array(requests).fill(req.inputTokens),
      outputTokens: new Uint32Array(requests).fill(req.outputTokens),
      source: `closed loop of ${requests} requests of ${req.inputTokens} → ${req.outputTokens} tokens`,
    },
    replicas: 1,
    replica: s.replica,
    router: 'round-robin',
    closedLoop: { concurrency: req.concurrency },
    seed: 1,
  });
  const summary = run.summary;
  const stopped = summary.truncated;
  if (stopped?.reason === 'invalid-step-time')
    return fail(invalidStepIssue(stopped.stepSeconds, stopped.step, req.calibration?.id));
  if (!summary.ttftSeconds || !summary.e2eSeconds)
    return fail({
      code: 'kv-capacity-too-small',
      details: {
        kvTokens: s.kvTokens,
        minimumKvTokens: req.inputTokens + req.outputTokens,
        gpu: req.hardware.gpu.id,
        gpuCount: req.hardware.gpuCount,
      },
    });
  return ok(
    {
      concurrency: req.concurrency,
      requests,
      tensorParallel: s.tensorParallel,
      ttftSeconds: summary.ttftSeconds,
      tpotSeconds: summary.tpotSeconds,
      e2eSeconds: summary.e2eSeconds,
      outputTokensPerSecond: summary.throughput.outputTokensPerSecond,
      meanBatchSize: summary.batchSize.mean,
      preemptions: summary.preemption.recompute + summary.preemption.swap,
      warnings: s.warnings,
    },
    s.warnings,
  );
}
