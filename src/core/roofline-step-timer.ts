import { allReduceSeconds } from './all-reduce-cost.js';
import { elementwiseLayerSeconds } from './elementwise-kernels.js';
import type { StepOverheads } from './engine-profile.js';
import { gemmCost, lmHeadGemmCost } from './gemm-cost.js';
import type { GpuSpec } from './gpu-spec.js';
import { allReduceMessageBytes, layerAttentionWork, layerGemms, lmHeadWork } from './layer-operators.js';
import type { ModelConfig } from './model-config.js';
import { pcieTransferSeconds } from './offloaded-kv-seconds.js';
import { type OperatorEfficiency, type OperatorWork, operatorSeconds } from './operator-time.js';
import type { EfficiencyProfile } from './operator-work.js';
import { peakFlopPerSecond } from './peak-flops.js';
import type { KvCacheDtype, Precision } from './precision.js';
import { kernelScale, stepOverheadSeconds } from './step-overhead-seconds.js';
import type { StepComposition, StepTimer } from './step-timer.js';
import { applyCtcf, curveSeconds, type StageCalibration } from './time-predictor.js';

export interface RooflineStepTimerInputs {
  model: ModelConfig;
  gpu: GpuSpec;
  precision: Precision;
  /** The KV cache's dtype; absent: the precision's default (defaultKvCacheDtype). */
  kvCacheDtype?: KvCacheDtype;
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
  /** The serving engine's step costs, as in `TimeInputs.stepOverheads` (absent: kernels only). */
  stepOverheads?: StepOverheads;
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
  const time = (w: OperatorWork, e: OperatorEfficiency, p = peak) => operatorSeconds(w, p, hbm, e).seconds;
  const headGemm = lmHeadGemmCost(gpu, precision, profile);
  const gemm = gemmCost(gpu, precision, model.quantization, profile);
  const gemmTime = (w: OperatorWork) =>
    operatorSeconds(w, gemm.peakFlopPerSecond, hbm, gemm.efficiency).seconds;

  const o = inputs.stepOverheads;
  /** A layer's GEMMs (and, with an engine, its elementwise kernels) for `m` tokens. */
  const gemmSeconds = (m: number): number => {
    let t = gemmCache.get(m);
    if (t === undefined) {
      t = o ? elementwiseLayerSeconds(model, gpu, precision, tp, m) : 0;
      for (const w of layerGemms(model, precision, tp, m, gemm.activationQuantBytes)) t += gemmTime(w);
      gemmCache.set(m, t);
    }
    return t;
  };
  const headSeconds = (sequences: number): number => {
    let t = headCache.get(sequences);
    if (t === undefined) {
      t = time(lmHeadWork(model, precision, tp, sequences), headGemm.efficiency, headGemm.peakFlopPerSecond);
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
        const work = layerAttentionWork(
          model,
          precision,
          tp,
          {
            kind: 'prefill',
            tokens: step.prefillTokens,
            tokenPairs: step.prefillAttentionTokenPairs,
          },
          inputs.kvCacheDtype,
        );
        layer += time(work, profile.prefillAttention);
      }
      if (step.decodeSequences > 0) {
        const work = layerAttentionWork(
          model,
          precision,
          tp,
          {
            kind: 'decode',
            sequences: step.decodeSequences,
            contextTokens: step.decodeContextTokens,
          },
          inputs.kvCacheDtype,
        );
        layer += time(work, profile.decodeAttention);
      }
      const kind = step.prefillTokens > 0 ? 'prefill' : 'decode';
      const k = o ? kernelScale(o, kind) : 1;
      const ctcf = kind === 'prefill' ? inputs.calibration.prefill : inputs.calibration.decode;
      const sequences = step.prefillSequences + step.decodeSequences;
      const gpuSeconds = applyCtcf(ctcf, k * layer) * layers + k * headSeconds(sequences);
      const allReduce = allReduceSeconds(
        inputs.allReduce,
        tp,
        allReduceMessageBytes(model, precision, tp, tokens),
      );
      const kernelSeconds = gpuSeconds + k * 2 * layers * allReduce + pcieSeconds;
      return kernelSeconds + (o ? stepOverheadSeconds(o, { layers, tensorParallel: tp, sequences }) : 0);
    },
  };
}
