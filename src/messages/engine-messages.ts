import type { Issue } from '../core/issue.js';
import { formatGiB } from './format.js';
import { fieldRef } from './wording.js';

/** Sentences for serving-engine profiles (data/v1/engines/). */
const text = (issue: Issue, key: string, fallback: string): string => {
  const v = issue.details?.[key];
  if (v === undefined) return fallback;
  return Array.isArray(v) ? v.join(', ') : String(v);
};

export const engineMessages: Record<string, (issue: Issue) => string> = {
  'unknown-engine': (i) =>
    `${fieldRef(i.path ?? 'engine')}: unknown engine '${text(i, 'value', '?')}' (known: ${text(i, 'known', 'none')})`,
  'engine-overheads-transferred': (i) =>
    `engine ${text(i, 'engine', '?')} has no measured step times of its own: its ${text(i, 'fields', 'step overheads')} are ${text(i, 'fromEngine', 'another engine')}'s`,
  'engine-overheads-other-gpu': (i) =>
    `engine ${text(i, 'engine', '?')} was not measured on ${text(i, 'gpu', 'this GPU')}: its step overheads are the ones fitted on ${text(i, 'measured', 'other GPUs')}`,
  'engine-overheads-unfitted': (i) =>
    `engine ${text(i, 'engine', '?')} has no fitted step overheads: kernels only, optimistic on real serving`,
  'outside-fitted-range': (i) => {
    const v = i.details?.outside;
    const outside = Array.isArray(v) ? v.join('; ') : String(v ?? 'this shape');
    return `extrapolated beyond the measured steps: ${outside} — the real error may exceed the band`;
  },
  'flexgen-cost-model': (i) =>
    `FlexGen's cost model times this offloaded batch on ${text(i, 'gpu', '?')} (policy --percent ${text(i, 'percent', '?')}, ${i.details?.policySource === 'stated' ? 'as stated' : "FlexGen's policy search"}): ${i.details?.transferred === true ? `estimated — constants fitted on ${text(i, 'referenceGpu', 'T4')} and scaled by PCIe, fp16 peak and memory-bandwidth ratios, CPU attention as fitted there` : `constants fitted on ${text(i, 'referenceGpu', 'T4')}`}; engine step overheads and calibration not applied (docs/flexgen.md)`,
  'flexgen-policy-does-not-fit': (i) =>
    `FlexGen policy with ${text(i, 'offloadPercent', '?')} % of the KV cache in CPU memory does not fit: GPU peak ${formatGiB(Number(i.details?.gpuPeakBytes ?? 0))} of ${formatGiB(Number(i.details?.gpuMemoryBytes ?? 0))}, host peak ${formatGiB(Number(i.details?.hostPeakBytes ?? 0))} of ${formatGiB(Number(i.details?.hostMemoryBytesForKv ?? 0))}`,
  'flexgen-precision-unsupported': (i) =>
    `FlexGen's cost model counts 16-bit weights and KV only (here ${text(i, 'precision', '?')}, KV ${text(i, 'kvCacheDtype', '?')}): Algorithm 1 and the roofline instead`,
  'flexgen-tensor-parallel-unsupported': (i) =>
    `FlexGen runs one GPU (tensor parallel ${text(i, 'tensorParallel', '?')} here): Algorithm 1 and the roofline instead`,
  'flexgen-model-unsupported': (i) =>
    `FlexGen's cost model covers dense decoder models whose every layer keeps the whole context's KV, not ${text(i, 'model', '?')} (${text(i, 'modelType', '?')}): Algorithm 1 and the roofline instead`,
  'engines-unavailable': (i) =>
    `the serving-engine profiles could not be read${i.message ? `: ${i.message}` : ''}; reinstall infersave`,
};
