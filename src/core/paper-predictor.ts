import { peakFlopPerSecond } from './peak-flops.js';
import { bytesPerParameter } from './precision.js';
import {
  applyCtcf,
  combineStages,
  curveSeconds,
  type StageTime,
  type TimeInputs,
  type TimePrediction,
  type TimePredictor,
  uniformCurveFeatures,
} from './time-predictor.js';

/**
 * The InferSave paper's time model, equations 4–6, exactly as published: FLOPs over the GPU's peak
 * FLOP/s (Linear + Self-Attention terms, with h1 = hiddenSize and h2 = intermediateSize), KV transfers
 * over PCIe, CTCF applied to each layer's compute time. It ignores HBM bandwidth, GQA and headDim; its
 * decode transfer term includes `L_out` even without offloading. Tensor parallelism (which the paper
 * does not model) divides FLOPs across GPUs.
 */
export function paperPredict(inputs: TimeInputs): TimePrediction {
  const { model, batch, offloadFraction, calibration } = inputs;
  const bs = batch.batchSize;
  const lin = batch.inputTokens;
  const lout = batch.outputTokens;
  const h1 = model.hiddenSize;
  const h2 = model.intermediateSize;
  const n = model.numHiddenLayers;
  const bytes = bytesPerParameter(inputs.precision);
  const peak = peakFlopPerSecond(inputs.gpu, inputs.precision);
  const flops = peak.value * inputs.tensorParallel;
  const gpuToCpu = inputs.gpu.deviceToHostBytesPerSecond;
  const cpuToGpu = inputs.gpu.hostToDeviceBytesPerSecond;

  // Equation 5.
  const prefillLinear = (bs * (8 * lin * h1 * h1 + 4 * lin * h1 * h2)) / flops;
  const prefillAttention = (4 * bs * lin * lin * h1) / flops;
  const prefillCompute = applyCtcf(calibration.prefill, prefillLinear + prefillAttention);
  const prefillTransfer = (offloadFraction * (2 * (lin + 1) * h1 * bytes) * bs) / gpuToCpu;
  const prefillLayer = Math.max(prefillCompute, prefillTransfer);

  // Equation 6.
  const decodeLinear = (bs * (8 * h1 * h1 + 4 * h1 * h2)) / flops;
  const decodeAttention = (4 * bs * (lin + lout / 2) * h1) / flops;
  const decodeCompute = applyCtcf(calibration.decode, decodeLinear + decodeAttention);
  const decodeTransfer = ((offloadFraction * 2 * (lin + 1) + lout) * h1 * bytes * bs) / cpuToGpu;
  const decodeLayer = decodeCompute + decodeTransfer;

  // Equation 4.
  const decodeSteps = Math.max(lout - 1, 0);
  // A fitted step-time curve replaces a stage's computed time (all layers); PCIe is still added.
  const prefillCurve = calibration.prefillCurve;
  const prefillCurveSeconds = prefillCurve
    ? curveSeconds(prefillCurve, uniformCurveFeatures(bs, lin, lin))
    : undefined;
  const prefill: StageTime =
    prefillCurveSeconds === undefined
      ? {
          seconds: prefillLayer * n,
          bound: prefillTransfer > prefillCompute ? 'pcie' : 'compute',
          gpuSeconds: prefillCompute * n,
          pcieSeconds: Math.max(0, prefillTransfer - prefillCompute) * n,
          interconnectSeconds: 0,
        }
      : {
          seconds: Math.max(prefillCurveSeconds, prefillTransfer * n),
          bound: prefillTransfer * n > prefillCurveSeconds ? 'pcie' : 'compute',
          gpuSeconds: prefillCurveSeconds,
          pcieSeconds: Math.max(0, prefillTransfer * n - prefillCurveSeconds),
          interconnectSeconds: 0,
        };
  // The curve is linear in context, so its value at the mean context (Lin + Lout/2) is the mean step.
  const decodeCurve = calibration.decodeCurve;
  const decodeCurveSeconds = decodeCurve
    ? curveSeconds(decodeCurve, uniformCurveFeatures(bs, 1, lin + lout / 2))
    : undefined;
  const decode: StageTime =
    decodeCurveSeconds === undefined
      ? {
          seconds: decodeLayer * n * decodeSteps,
          bound: decodeTransfer > decodeCompute ? 'pcie' : 'compute',
          gpuSeconds: decodeCompute * n * decodeSteps,
          pcieSeconds: decodeTransfer * n * decodeSteps,
          interconnectSeconds: 0,
        }
      : {
          seconds: (decodeCurveSeconds + decodeTransfer * n) * decodeSteps,
          bound: decodeTransfer * n > decodeCurveSeconds ? 'pcie' : 'compute',
          gpuSeconds: decodeCurveSeconds * decodeSteps,
          pcieSeconds: decodeTransfer * n * decodeSteps,
          interconnectSeconds: 0,
        };
  return combineStages(batch, prefill, decode, peak.warning ? [peak.warning] : []);
}

export const paperPredictor: TimePredictor = {
  id: 'paper',
  description: 'InferSave paper equations 4–6: FLOPs / peak FLOP/s + PCIe KV transfers, with CTCF',
  predict: paperPredict,
};
