import type { TimePrediction } from './time-predictor.js';

/**
 * Share of a batch's time spent in compute-bound stages, from the predicted stage bounds: the power
 * model's phase mix for a GPU running batches back to back.
 * Example: prefill 4 s compute-bound, decode 1 s hbm-bound → 0.8.
 */
export function computeBoundShare(prediction: {
  prefill: Pick<TimePrediction['prefill'], 'seconds' | 'bound'>;
  decode: Pick<TimePrediction['decode'], 'seconds' | 'bound'>;
}): number {
  const total = prediction.prefill.seconds + prediction.decode.seconds;
  if (!(total > 0)) return 0;
  const compute =
    (prediction.prefill.bound === 'compute' ? prediction.prefill.seconds : 0) +
    (prediction.decode.bound === 'compute' ? prediction.decode.seconds : 0);
  return compute / total;
}
