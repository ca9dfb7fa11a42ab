import type { Precision } from './precision.js';

/** One timed engine step (or a whole stage), as measured on real hardware. */
export interface MeasurementSample {
  stage: 'prefill' | 'decode';
  /** Sequences in the step. */
  batchSize: number;
  /** Prefill: prompt tokens per sequence. Decode: 1 (one new token per sequence). */
  inputTokens: number;
  /** Tokens each sequence attends to: the prompt length in prefill, the KV length in decode. */
  contextTokens: number;
  /** Share of the KV cache held in host memory during the step (0–1). */
  offloadFraction: number;
  /** Measured wall time of the step (median of repeats when the tool reports one). */
  seconds: number;
  /** Optional: mean board power during the step, and the SM clock. */
  powerWatts?: number;
  smClockMHz?: number;
}

/**
 * One serving run at a fixed number of requests in flight (a closed loop, as `vllm bench serve
 * --max-concurrency`, GuideLLM's concurrent strategy and `infersave bench` run it), measured end to end at
 * the client: what `infersave calibrate` fits through the simulator (docs/modelling.md, calibration).
 */
export interface ServingRun {
  /** Requests in flight (the benchmark's concurrency). */
  concurrency: number;
  /** Mean prompt and output tokens per request. */
  inputTokens: number;
  outputTokens: number;
  /** Median time to first token and median time per output token after the first, seconds. */
  ttftSeconds: number;
  tpotSeconds: number;
  /** Requests completed. */
  requests: number;
}

/**
 * A set of timing measurements of one model on one hardware and software setup: what `infersave
 * calibrate` fits CTCF parameters from and what the accuracy report compares predictions with. Written
 * by the importers (vLLM bench, GuideLLM, per-operator tables) and by the profiler harness.
 */
export interface Measurement {
  schemaVersion: 1;
  hardware: {
    /** Catalog GPU id when known (e.g. `H100-SXM`), else the name the device reports. */
    gpu: string;
    gpuCount: number;
    /** Cloud instance type, when known. */
    instance?: string;
  };
  software: { engine: string; version: string; notes?: string };
  /** Catalog model id, or the Hugging Face config.json fields of the model measured. */
  model: { id: string; config?: Record<string, unknown> };
  precision: Precision;
  tensorParallel: number;
  samples: MeasurementSample[];
  /** End-to-end serving runs the samples were derived from, when the source is a serving benchmark. */
  servingRuns?: ServingRun[];
  /** Where the numbers came from: tool, command line, date, file. */
  provenance: { source: string; date?: string; command?: string; file?: string };
}
