import type { Candidate } from '../../app/candidate.js';
import { evaluatePredict } from '../../app/evaluate-predict.js';
import type { PlannerData } from '../../app/planner-data.js';
import type { ConcurrencyPrediction } from '../../app/predict-concurrency.js';
import { latencyRatios } from '../../app/prediction-uncertainty.js';
import { formatGiB, formatNumber, formatPercent, formatSeconds, formatUsd } from '../../messages/format.js';
import type { LatencyStats } from '../../sim/simulation-result.js';
import type { CommandOutput } from '../command-output.js';
import { renderEnergy } from '../text/render-energy.js';
import { renderErrors, renderWarnings } from '../text/render-issues.js';
import { marginWords, rateBand, secondsBand, uncertaintyLine } from '../text/render-uncertainty.js';

type Outcome = Extract<ReturnType<typeof evaluatePredict>, { ok: true }>;

function sloLine(c: Candidate, o: Outcome): string[] {
  const slo = o.sloTokensPerSecond;
  if (slo === undefined) return [];
  const point = c.meetsSlo
    ? `SLO: meets ${formatNumber(slo)} TPS`
    : `SLO: misses ${formatNumber(slo)} TPS by ${formatNumber(slo - c.tokensPerSecond)} TPS`;
  if (!o.uncertainty.available || o.uncertainty.margin === 'none') return [point];
  const edge = o.bands.tokensPerSecondAtMargin;
  return [
    `${point}; at the ${marginWords(o.uncertainty)}: ${formatNumber(edge)} TPS ${edge >= slo ? 'also meets it' : 'misses it'}`,
  ];
}

/** A batch too large for KV memory: its waves, and the offloading alternative. */
function wavesLines(o: Outcome): string[] {
  const w = o.waves;
  if (!w) return [];
  const lines = [
    '',
    `Does not fit: the batch of ${formatNumber(w.requestedBatch, 0)} needs more KV memory than the GPUs have; at most ${formatNumber(w.fitsSequences, 0)} run at once (no KV offloading, as vLLM by default), the rest queue:`,
    `  ${formatNumber(w.waves, 0)} wave(s): ${w.waves > 1 ? `${formatNumber(w.waves - 1, 0)} × ${formatSeconds(w.waveSeconds)} + ` : ''}${formatNumber(w.lastWaveSequences, 0)} sequences in ${formatSeconds(w.lastWaveSeconds)} = ${formatSeconds(w.batchSeconds)} for the whole batch, ${formatNumber(w.tokensPerSecond)} tokens/s`,
    `  the last wave's requests queue ${formatSeconds(w.lastWaveQueueingSeconds)} before they start (their TTFT includes it); the times above are one wave's`,
  ];
  if (w.withOffload)
    lines.push(
      `  with KV offloading instead (${formatPercent(w.withOffload.offloadFraction)} in host RAM, vLLM's KV connector): ${formatSeconds(w.withOffload.batchSeconds)} per batch, ${formatNumber(w.withOffload.tokensPerSecond)} tokens/s`,
    );
  return lines;
}

/** `predict --concurrency N`: the simulator's percentiles next to the batch view. */
function concurrencyLines(p: ConcurrencyPrediction | undefined, u: Outcome['uncertainty']): string[] {
  if (!p) return [];
  const ratios = latencyRatios(u);
  const band = (st: LatencyStats, r: { p10: number; p90: number } | undefined) =>
    r ? `  [P90 ${formatSeconds(st.p90 * r.p10)}–${formatSeconds(st.p90 * r.p90)}]` : '';
  const row = (name: string, st: LatencyStats | null, r?: { p10: number; p90: number }) =>
    st
      ? `  ${name.padEnd(6)} P50 ${formatSeconds(st.p50)} · P90 ${formatSeconds(st.p90)} · P99 ${formatSeconds(st.p99)} · mean ${formatSeconds(st.mean)}${band(st, r)}`
      : `  ${name.padEnd(6)} —`;
  return [
    '',
    `At concurrency ${p.concurrency} (serving simulator, closed loop of ${formatNumber(p.requests, 0)} requests, tensor parallel ${p.tensorParallel}):`,
    row('TTFT', p.ttftSeconds, ratios?.ttft),
    row('TPOT', p.tpotSeconds, ratios?.tpot),
    row('E2E', p.e2eSeconds, ratios?.e2e),
    `  ${formatNumber(p.outputTokensPerSecond)} output tokens/s · mean batch ${formatNumber(p.meanBatchSize, 1)} · ${formatNumber(p.preemptions, 0)} preemptions`,
  ];
}

function renderPrediction(o: Outcome): string {
  const { candidate: c, warnings, energy, atConcurrency, uncertainty: u, bands } = o;
  const m = c.memory;
  const lines = [
    `${c.instance}: ${c.gpuCount}× ${c.gpu}, tensor parallel ${c.tensorParallel}, ${c.replicas} replica(s), ${c.precision}`,
    '',
    'Memory per GPU:',
    `  capacity        ${formatGiB(m.gpuMemoryBytes)}  (usable ${formatGiB(m.usableBytes)}, reserve ${formatGiB(m.reserveBytes)})`,
    `  weights         ${formatGiB(m.weightsBytes)}`,
    `  KV cache        ${formatGiB(m.kvCacheBytes)}  (${formatGiB(m.kvCacheBytesPerLayer)} per layer; ${formatGiB(m.kvCacheOnGpuBytes)} kept on GPU)`,
    `  activations     ${formatGiB(m.activationBytes)}`,
    `  free            ${formatGiB(m.freeBytes)}`,
    `  KV offload      ${formatPercent(c.offloadFraction)}${c.offloadedBytes > 0 ? ` (${formatGiB(c.offloadedBytes)} in host RAM)` : ''}`,
    '',
    `Time per ${o.waves ? `wave of ${formatNumber(c.replicas * o.waves.perReplica, 0)}` : 'batch'}${u.available ? ' [p10–p90 band]' : ''}:`,
    `  prefill         ${formatSeconds(c.prefillSeconds)}  (${c.prefillBound}-bound)${secondsBand(bands.prefillSeconds, u)}`,
    `  decode          ${formatSeconds(c.decodeSeconds)}  (${c.decodeBound}-bound; ${formatSeconds(c.decodeStepSeconds)} per step${u.available ? `, ${formatSeconds(bands.decodeStepSeconds.low)}–${formatSeconds(bands.decodeStepSeconds.high)}` : ''})${secondsBand(bands.decodeSeconds, u)}`,
    `  batch           ${formatSeconds(c.batchSeconds)}${secondsBand(bands.batchSeconds, u)}`,
    '',
    `Throughput: ${formatNumber(c.tokensPerSecond)} tokens/s (input + output)${rateBand(bands.tokensPerSecond, u)}, ${formatNumber(c.outputTokensPerSecond)} output tokens/s${rateBand(bands.outputTokensPerSecond, u)}`,
    uncertaintyLine(u),
    ...wavesLines(o),
    ...sloLine(c, o),
    ...concurrencyLines(atConcurrency, u),
  ];
  if (c.priceUsdPerHour > 0) {
    lines.push(
      `Cost: ${formatUsd(c.priceUsdPerHour)}/h → ${formatUsd(c.totalUsd)} for the task (${formatNumber(c.billedHours, 2)} h billed), ${formatUsd(c.usdPerMillionTokens)}/M tokens`,
    );
  }
  lines.push('', ...renderEnergy(energy, c.gpu));
  return `${lines.join('\n')}\n${warnings.length > 0 ? `\n${renderWarnings(warnings)}` : ''}`;
}

/** `infersave predict`: explains one placement. */
export function runPredict(raw: Record<string, unknown>, data: PlannerData): CommandOutput {
  const outcome = evaluatePredict(raw, data);
  if (!outcome.ok) {
    return { exitCode: outcome.exitCode, stdout: '', stderr: renderErrors(outcome.issues, 'predict') };
  }
  if (raw.json === true) {
    return { exitCode: 0, stdout: `${JSON.stringify(outcome.json, null, 2)}\n`, stderr: '' };
  }
  return {
    exitCode: 0,
    stdout: renderPrediction(outcome),
    stderr: '',
  };
}
