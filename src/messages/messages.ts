import type { Issue } from '../core/issue.js';
import { calibrationMessages } from './calibration-messages.js';
import { catalogMessages } from './catalog-messages.js';
import { cloudMessages } from './cloud-messages.js';
import { energyMessages } from './energy-messages.js';
import { engineMessages } from './engine-messages.js';
import { fleetMessages } from './fleet-messages.js';
import { formatGiB, formatNumber, formatUsd } from './format.js';
import { httpMessages } from './http-messages.js';
import { loadtestMessages } from './loadtest-messages.js';
import { measurementMessages } from './measurement-messages.js';
import { migMessages } from './mig-messages.js';
import { outputFileMessages } from './output-file-messages.js';
import { profiledMessages } from './profiled-messages.js';
import { provisionMessages } from './provision-messages.js';
import { servingMessages } from './serving-messages.js';
import { FIELD_WORDING, fieldRef, type Wording, wordFields } from './wording.js';
import { workloadMessages } from './workload-messages.js';

type Describe = (issue: Issue) => string;

const n = (issue: Issue, key: string) => Number(issue.details?.[key]);
const s = (issue: Issue, key: string) => String(issue.details?.[key] ?? '');
const list = (issue: Issue, key: string) => {
  const v = issue.details?.[key];
  return Array.isArray(v) ? v.join(', ') : String(v ?? '');
};

/** Issue code → sentence. Every code the planner emits has one. */
const MESSAGES: Record<string, Describe> = {
  'over-budget': (i) => {
    const [price, max] = [n(i, 'priceUsdPerHour'), n(i, 'maxPriceUsdPerHour')];
    // Enough digits that the two prices never read the same ("$3.00/h > $3.00/h").
    const usd = (v: number) => (formatUsd(price) === formatUsd(max) ? `$${v.toFixed(4)}` : formatUsd(v));
    return `over budget: ${usd(price)}/h > {{maxPrice}} ${usd(max)}/h`;
  },
  'model-does-not-fit': (i) =>
    `model does not fit: weights need ${formatGiB(n(i, 'weightsBytes'))} per GPU, ${formatGiB(n(i, 'usableBytes'))} usable`,
  'kv-layer-does-not-fit': (i) =>
    `KV layer does not fit: one layer's KV needs ${formatGiB(n(i, 'kvCacheBytesPerLayer'))}, ${formatGiB(Math.max(0, n(i, 'availableBytes')))} left after weights and activations`,
  'host-memory-too-small': (i) =>
    `host RAM too small: offloading needs ${formatGiB(n(i, 'offloadedBytes'))} per GPU, ${formatGiB(n(i, 'hostMemoryBytesForKv'))} available`,
  'needs-offload': (i) =>
    `needs KV offloading (${formatGiB(n(i, 'kvCacheBytes'))} of KV, ${formatGiB(Math.max(0, n(i, 'availableBytes')))} free)`,
  'misses-slo': (i) =>
    i.details?.spotExpectedTokensPerSecond !== undefined
      ? `misses SLO on spot by ${formatNumber(n(i, 'shortByTokensPerSecond'))} TPS: interrupted batches rerun leave ${formatNumber(n(i, 'spotExpectedTokensPerSecond'))} TPS expected < ${formatNumber(n(i, 'sloTokensPerSecond'))} (uninterrupted ${formatNumber(n(i, 'tokensPerSecond'))})`
      : i.details?.margin !== undefined
        ? `misses SLO at its ${s(i, 'margin')} margin by ${formatNumber(n(i, 'shortByTokensPerSecond'))} TPS (${formatNumber(n(i, 'tokensPerSecondAtMargin'))} < ${formatNumber(n(i, 'sloTokensPerSecond'))}; point prediction ${formatNumber(n(i, 'tokensPerSecond'))})`
        : `misses SLO by ${formatNumber(n(i, 'shortByTokensPerSecond'))} TPS (${formatNumber(n(i, 'tokensPerSecond'))} < ${formatNumber(n(i, 'sloTokensPerSecond'))})`,
  'not-offered-in-region': (i) => `no price in ${s(i, 'region')} (try another {{region}})`,
  'no-reserved-price': (i) =>
    `no reserved price in ${s(i, 'region')} (the catalog has none: give your commitment as {{reservedDiscount}})`,
  'unknown-gpu': (i) => `its GPU ${s(i, 'gpu')} is not in the catalog`,
  'no-tensor-parallel-layout': (i) =>
    `no tensor-parallel layout splits this model over ${n(i, 'gpuCount')} GPUs`,
  'prediction-invalid': () => 'the time model produced no valid time for this placement',
  'efficiency-estimated': (i) =>
    `${s(i, 'gpu')}: no measured kernel timings; efficiency factors transferred from measured GPUs (see docs/efficiency-fit.md)`,
  'fp8-emulated': (i) => `${s(i, 'gpu')} has no fp8 tensor cores: fp8 weights run at the fp16 rate`,
  'gemm-not-measured': (i) =>
    `${s(i, 'gpu')}: ${s(i, 'kernel')} GEMMs are not measured: timed at the 16-bit peak and bf16 efficiency with the quantized weight bytes (dequantization assumed hidden, as Marlin reports; see docs/efficiency-fit.md)`,
  'gemm-efficiency-transferred': (i) =>
    list(i, 'from') === 'bf16'
      ? `${s(i, 'gpu')}: no fitted ${s(i, 'dtype')} GEMM efficiency: the bf16 GEMM efficiency at the ${s(i, 'dtype') === 'nvfp4' ? 'fp4' : 'fp8'} peak (estimated)`
      : `${s(i, 'gpu')}: no measured ${s(i, 'dtype')} GEMMs: efficiency transferred from ${list(i, 'from')} (median; see docs/efficiency-fit.md)`,
  'allreduce-over-pcie-estimated': (i) =>
    `${s(i, 'gpu')} × ${n(i, 'tensorParallel')}: all-reduce over PCIe, bandwidth estimated from the PCIe link`,
  uncalibrated: (i) =>
    `calibration ${s(i, 'calibration')} has no ${s(i, 'predictor')} entry for ${s(i, 'target')}: uncalibrated`,
  'calibration-predictor-mismatch': (i) =>
    `calibration ${s(i, 'calibration')} was fitted for the ${list(i, 'available')} predictor, not ${s(i, 'predictor')}: pass {{predictor}} ${list(i, 'available')}`,
  'invalid-tensor-parallel': (i) =>
    `{{tensorParallel}} ${n(i, 'tensorParallel')} is not valid on ${n(i, 'gpuCount')} GPUs for this model; valid: ${list(i, 'valid') || 'none'}`,
  'no-candidate': (i) => {
    const budget = i.details?.maxPriceUsdPerHour !== undefined;
    const within = budget ? ` within {{maxPrice}} ${formatUsd(n(i, 'maxPriceUsdPerHour'))}/h` : '';
    const parts = [`no instance meets ${formatNumber(n(i, 'sloTokensPerSecond'))} TPS${within}.`];
    if (i.details?.fastestInstance !== undefined) {
      parts.push(
        `Closest${budget ? ' within budget' : ''}: ${s(i, 'fastestInstance')} at ${formatNumber(n(i, 'fastestTokensPerSecond'))} TPS, ${formatNumber(n(i, 'shortByTokensPerSecond'))} TPS short.`,
      );
    } else {
      parts.push(`No instance${within} can hold the model and its KV cache (see the rejections).`);
    }
    if (i.details?.overBudgetInstance !== undefined) {
      parts.push(
        `${s(i, 'overBudgetInstance')} meets it at ${formatUsd(n(i, 'overBudgetUsdPerHour'))}/h, ${formatUsd(n(i, 'overBudgetByUsdPerHour'))}/h over {{maxPrice}}.`,
      );
    }
    parts.push(
      i.details?.fastestInstance !== undefined
        ? `Lower {{sloTps}}${budget ? ', raise {{maxPrice}}' : ''}, or try a smaller {{precision}}.`
        : `Try a smaller {{batchSize}} or fewer tokens, a smaller {{precision}}${budget ? ', a higher {{maxPrice}}' : ''}, or larger instances.`,
    );
    return parts.join(' ');
  },
  'unknown-model': (i) =>
    `unknown model '${s(i, 'value')}'${i.details?.suggestion ? ` — did you mean ${s(i, 'suggestion')}?` : ''} (list them: {{@models}}; or give the model's config.json as {{modelConfig}})`,
  'unknown-instance': (i) =>
    `unknown instance '${s(i, 'value')}'${i.details?.suggestion ? ` — did you mean ${s(i, 'suggestion')}?` : ''} (list them: {{@instances}})`,
  'unknown-gpu-id': (i) =>
    `unknown GPU '${s(i, 'value')}'${i.details?.suggestion ? ` — did you mean ${s(i, 'suggestion')}?` : ''} (list them: {{@gpus}})`,
  'unknown-catalog': (i) => `unknown catalog '${s(i, 'value')}'; built in: ${list(i, 'known')}`,
  'unknown-calibration': (i) =>
    `unknown calibration '${s(i, 'value')}': not a built-in (${list(i, 'known')}) and no such file`,
  'unknown-predictor': (i) => `unknown predictor '${s(i, 'value')}'; choose one of ${list(i, 'known')}`,
  'invalid-option': (i) => `${fieldRef(i.path ?? '')}: ${i.message}`,
  'missing-option': (i) => `${fieldRef(i.path ?? '')} is required${i.message ? `: ${i.message}` : ''}`,
  'calibration-unfittable': (i) =>
    `${s(i, 'instance')}: no positive CTCF alpha fits (${s(i, 'predictor')} predicts ${formatNumber(n(i, 'uncalibratableSeconds'), 1)} s per batch outside the calibrated compute)`,
  'no-instances-match': (i) =>
    `no instance matches {{instances}} ${s(i, 'patterns')} (list them: {{@instances}})`,
  'quantization-unsupported': (i) =>
    `${String(i.details?.engine ?? 'the engine')} ${String(i.details?.engineVersion ?? '')} cannot run ${String(i.details?.precision ?? 'this precision')} on ${String(i.details?.gpu ?? 'this GPU')} (${String(i.details?.architecture ?? '?')}, compute capability ${String(i.details?.computeCapability ?? '?')}): it needs ${String(i.details?.needs ?? 'a newer GPU')}`,
  'precision-conflicts-checkpoint': (i) =>
    `the checkpoint is pre-quantized (${String(i.details?.format ?? '?')}, from its ${String(i.details?.source ?? 'config')}): it is served as ${String(i.details?.checkpoint ?? 'its own precision')}, not ${String(i.details?.precision ?? 'another')} — drop {{precision}} or give ${String(i.details?.checkpoint ?? 'that precision')}`,
  'context-too-long': (i) =>
    `${String(i.details?.tokens ?? 'the')} tokens (prompt + output) exceed ${String(i.details?.model ?? 'the model')}'s context length of ${String(i.details?.contextLengthTokens ?? '?')} tokens (max_position_embeddings, with rope scaling where the config's limit is the original one, as vLLM derives max_model_len) — shorten the requests or choose a longer-context model`,
  'host-memory-unchecked': () => 'host RAM was not checked for the offloaded KV: pass {{hostMemoryGib}}',
};

/**
 * Control characters from user data (a trace's ANSI colour codes, a NUL in a file name) written as
 * visible escapes, so a message can never move the cursor, recolour or clear the user's terminal.
 * Newlines and tabs stay: messages use them.
 */
export function escapeControlCharacters(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    return code === 0x1b ? '\\e' : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/**
 * One sentence for an issue, with where it happened, control characters escaped, naming request fields the
 * way `wording` says: the CLI passes CLI_WORDING (`--max-price`); HTTP and the library name JSON fields
 * (`maxPrice`, the default).
 */
export function describeIssue(issue: Issue, wording: Wording = FIELD_WORDING): string {
  return wordFields(escapeControlCharacters(sentenceFor(issue)), wording);
}

function sentenceFor(issue: Issue): string {
  const describe =
    MESSAGES[issue.code] ??
    catalogMessages[issue.code] ??
    cloudMessages[issue.code] ??
    workloadMessages[issue.code] ??
    servingMessages[issue.code] ??
    calibrationMessages[issue.code] ??
    measurementMessages[issue.code] ??
    profiledMessages[issue.code] ??
    engineMessages[issue.code] ??
    httpMessages[issue.code] ??
    loadtestMessages[issue.code] ??
    migMessages[issue.code] ??
    provisionMessages[issue.code] ??
    outputFileMessages[issue.code] ??
    fleetMessages[issue.code] ??
    energyMessages[issue.code];
  if (describe) return describe(issue);
  const where = issue.path ? `${issue.details?.file ? issue.path : fieldRef(issue.path)}: ` : '';
  const file = issue.details?.file ? `${String(issue.details.file)}: ` : '';
  return `${file}${where}${issue.message ?? issue.code}`;
}

/** @internal Not used by the shipped code: kept for tests and build scripts (knip --production). */
export const KNOWN_MESSAGE_CODES = [
  ...Object.keys(MESSAGES),
  ...Object.keys(catalogMessages),
  ...Object.keys(cloudMessages),
  ...Object.keys(workloadMessages),
  ...Object.keys(servingMessages),
  ...Object.keys(calibrationMessages),
  ...Object.keys(measurementMessages),
  ...Object.keys(profiledMessages),
  ...Object.keys(engineMessages),
  ...Object.keys(httpMessages),
  ...Object.keys(loadtestMessages),
  ...Object.keys(migMessages),
  ...Object.keys(provisionMessages),
  ...Object.keys(outputFileMessages),
  ...Object.keys(fleetMessages),
  ...Object.keys(energyMessages),
];
