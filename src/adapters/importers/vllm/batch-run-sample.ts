import { fail, type Issue, ok, type Result } from '../../../core/issue.js';
import type { MeasurementSample } from '../../../core/measurement.js';
import type { MeasurementFormat } from '../measurement-import.js';

/** One offline run of a fixed batch: `batchSize` prompts of `inputLen` tokens, `outputLen` new tokens each. */
export interface BatchRun {
  batchSize: number;
  inputLen: number;
  outputLen: number;
  /** Wall time of the whole run (prefill plus every decode step). */
  seconds: number;
  /** Median prefill time of the same batch and input length, from a `--output-len 1` run. */
  prefillSeconds?: number;
}

/**
 * What a whole-batch run says about single steps. With one output token the run is the prefill (plus
 * sampling and scheduling overhead). With more, it is a prefill and `outputLen − 1` decode steps whose
 * KV length grows from `inputLen + 1` to `inputLen + outputLen − 1`: given the prefill time, their mean
 * is `(seconds − prefillSeconds) / (outputLen − 1)` at the mean KV length `inputLen + outputLen / 2`.
 * Without the prefill time the run is no single step, and the importer refuses.
 */
export function batchRunSample(
  run: BatchRun,
  file: string,
  format: MeasurementFormat,
): Result<MeasurementSample> {
  const { batchSize, inputLen, outputLen, seconds, prefillSeconds } = run;
  const common = { batchSize, offloadFraction: 0 };
  if (outputLen === 1) {
    return ok({ stage: 'prefill', ...common, inputTokens: inputLen, contextTokens: inputLen, seconds });
  }
  if (prefillSeconds === undefined) {
    const issue: Issue = {
      code: 'measurement-not-a-step',
      path: 'prefillSeconds',
      details: { file, format, outputLen, seconds },
    };
    return fail(issue);
  }
  const decodeSeconds = (seconds - prefillSeconds) / (outputLen - 1);
  if (!(decodeSeconds > 0)) {
    const issue: Issue = {
      code: 'measurement-prefill-too-long',
      path: 'prefillSeconds',
      details: { file, format, prefillSeconds, seconds },
    };
    return fail(issue);
  }
  return ok({
    stage: 'decode',
    ...common,
    inputTokens: 1,
    contextTokens: inputLen + outputLen / 2,
    seconds: decodeSeconds,
  });
}
