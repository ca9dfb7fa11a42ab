/**
 * Upper bounds on request values, by request field, each with the reason a larger value cannot be a
 * real plan. A value past its bound is bad input (a clear error), never an internal error, a hang or a
 * number that overflows downstream (a batch of 10¹² sequences made "free memory" negative; a gamma
 * coefficient of variation of 10²⁰⁰ made the arrival sampler divide by zero).
 */
export interface ValueBound {
  /** Smallest accepted value, where a positive value can still be too small to compute with. */
  min?: number;
  max: number;
  why: string;
}

export const VALUE_BOUNDS: Readonly<Record<string, ValueBound>> = {
  inputTokens: {
    max: 10_000_000,
    why: 'no served model has a context window above 10 million tokens (Llama-4 Scout has 10M)',
  },
  outputTokens: { max: 10_000_000, why: 'no served model has a context window above 10 million tokens' },
  batchSize: {
    max: 100_000,
    why: 'serving engines batch at most a few thousand sequences (vLLM max_num_seqs default 256–1024)',
  },
  concurrency: { max: 100_000, why: 'more concurrent requests than any engine batches' },
  maxNumSeqs: { max: 100_000, why: 'serving engines batch at most a few thousand sequences' },
  maxNumBatchedTokens: { max: 10_000_000, why: 'a step of more tokens than any context window' },
  requests: { max: 10_000_000_000, why: 'ten billion requests is beyond any one plan' },
  rate: { max: 1_000_000, why: 'a million requests per second is beyond any one fleet this plans' },
  cv: {
    min: 0.001,
    max: 100,
    why: 'gamma arrivals need a coefficient of variation in [0.001, 100] (below, use {{arrival}} constant; above, almost every gap is zero); real traces measure 1–10',
  },
  instancesCount: { max: 1_000, why: 'the simulator replays at most 1,000 replicas' },
  tensorParallel: { max: 64, why: 'no instance has more than 64 GPUs' },
  gpuCount: { max: 64, why: 'no instance has more than 64 GPUs' },
  maxPrice: { max: 10_000, why: 'no instance costs more than $10,000 per hour' },
  sloTps: { max: 1e9, why: 'a billion tokens per second is beyond any one plan' },
  hostMemoryGib: { max: 1_000_000, why: 'no host has a petabyte of memory' },
  top: { max: 10_000, why: 'no catalog lists more than 10,000 options' },
  probeRequests: { max: 100_000, why: 'a probe larger than a full simulation' },
};

/** The problem with a value outside its field's bounds, or undefined when it is within them. */
export function boundProblem(key: string, value: number): string | undefined {
  const bound = VALUE_BOUNDS[key];
  if (bound === undefined) return undefined;
  if (bound.min !== undefined && value < bound.min)
    return `${value} is below the smallest accepted, ${bound.min}: ${bound.why}`;
  if (value <= bound.max) return undefined;
  return `${value} is above the largest accepted, ${bound.max.toLocaleString('en-US')}: ${bound.why}`;
}
