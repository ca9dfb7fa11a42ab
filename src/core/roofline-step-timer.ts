import { allReduceSeconds } from './all-reduce-cost.js';
import type { GpuSpec } from './gpu-spec.js';
import { allReduceMessageBytes, layerAttentionWork, layerGemms, lmHeadWork } from './layer-operators.js';
import type { ModelConfig } from './model-config.js';
import { pcieTransferSeconds } from './offloaded-kv-seconds.js';
import { type OperatorEfficiency, type OperatorWork, operatorSeconds } from './operator-time.js';
import type { EfficiencyProfile } from './operator-work.js';
import { peakFlopPerSecond } from './peak-flops.js';
import type { Precision } from './precision.js';
import type { StepComposition, StepTimer } from './step-timer.js';
import { applyCtcf, curveSeconds, type StageCalibration } from './time-predictor.js';

export interface RooflineStepTimerInputs {
  model: ModelConfig;
  gpu: GpuSpec;
  precision: Precision;
  tensorParallel: number;
  profile: EfficiencyProfile;
  /** All-reduce cost for this group (see roofline-predictor's choice for PCIe-only groups). */
  allReduce: { latencySeconds: number; busBytesPerSecond: number };
  /**
   * CTCF: the prefill entry applies to steps with prompt tokens, the decode entry to pure decode steps.
   * A stage's fitted curve, when present, replaces the step's GPU time (kernels, LM head, all-reduce):
   * a mixed step counts its decode sequences as one-token sequences of the prefill curve.
   */
  calibration: StageCalibration;
}

/**
 * Times continuous-batching steps with the same per-operator roofline as the `roofline` predictor:
 * GEMMs over all tokens of the step (memoised by token count), prefill and decode attention from the
 * step's token-pair and context sums, two all-reduces per layer, the LM head, and PCIe KV traffic.
 */
export function createRooflineStepTimer(inputs: RooflineStepTimerInputs): StepTimer {
  const { model, gpu, precision, profile } = inputs;
  const tp = inputs.tensorParallel;
  const peak = peakFlopPerSecond(gpu, precision).value;
  const hbm = gpu.hbmBytesPerSecond;
  const layers = model.numHiddenLayers;
  const gemmCache = new Map<number, number>();
  const headCache = new Map<number, number>();
  const time = (w: OperatorWork, e: OperatorEfficiency) => operatorSeconds(w, peak, hbm, e).seconds;

  const gemmSeconds = (m: number): number => {
    let t = gemmCache.get(m);
    if (t === undefined) {
      t = 0;
      for (const w of layerGemms(model, precision, tp, m)) t += time(w, profile.gemm);
      gemmCache.set(m, t);
    }
    return t;
  };
  const headSeconds = (sequences: number): number => {
    let t = headCache.get(sequences);
    if (t === undefined) {
      t = time(lmHeadWork(model, precision, tp, sequences), profile.gemm);
      headCache.set(sequences, t);
    }
    return t;
  };

  return {
    stepSeconds(step: StepComposition): number {
      const tokens = step.prefillTokens + step.decodeSequences;
      if (tokens === 0) return 0;
      const pcieSeconds = pcieTransferSeconds(gpu, step.hostToDeviceBytes, step.deviceToHostBytes);
      const curve = step.prefillTokens > 0 ? inputs.calibration.prefillCurve : inputs.calibration.decodeCurve;
      if (curve) {
        // Σ prompt tokens² ≈ 2 × token pairs (a whole prompt of n tokens has n²/2); decode adds 1 each.
        const sequences = step.prefillSequences + step.decodeSequences;
        const gpuSeconds = curveSeconds(curve, {
          tokens,
          tokenSquares: 2 * step.prefillAttentionTokenPairs + step.decodeSequences,
          contextTokens: step.prefillTokens + step.decodeContextTokens,
          sequences,
        });
        return gpuSeconds + pcieSeconds;
      }
      let layer = gemmSeconds(tokens);
      if (step.prefillTokens > 0) {
        const work = layerAttentionWork(model, precision, tp, {
          kind: 'prefill',
          tokens: step.prefillTokens,
          tokenPairs: step.prefillAttentionTokenPairs,
        });
        layer += time(work, profile.prefillAttention);
      }
      if (step.decodeSequences > 0) {
        const work = layerAttentionWork(model, precision, tp, {
          kind: 'decode',
          sequences: step.decodeSequences,
          contextTokens: step.decodeContextTokens,
        });
        layer += time(work, profile.decodeAttention);
      }
      const ctcf = step.prefillTokens > 0 ? inputs.calibration.prefill : inputs.calibration.decode;
      const gpuSeconds =
        applyCtcf(ctcf, layer) * layers + headSeconds(step.prefillSequences + step.decodeSequences);
      const allReduce = allReduceSeconds(
        inputs.allReduce,
        tp,
        allReduceMessageBytes(model, precision, tp, tokens),
      );
      return gpuSeconds + 2 * layers * allReduce + pcieSeconds;
    },
  };
}
