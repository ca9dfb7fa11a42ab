import type { Candidate } from '../../app/candidate.js';
import type { EnergyReport } from '../../app/energy-report.js';
import { evaluatePredict } from '../../app/evaluate-predict.js';
import type { PlannerData } from '../../app/planner-data.js';
import type { ConcurrencyPrediction } from '../../app/predict-concurrency.js';
import type { Issue } from '../../core/issue.js';
import { formatGiB, formatNumber, formatPercent, formatSeconds, formatUsd } from '../../messages/format.js';
import type { LatencyStats } from '../../sim/simulation-result.js';
import type { CommandOutput } from '../command-output.js';
import { renderEnergy } from '../text/render-energy.js';
import { renderErrors, renderWarnings } from '../text/render-issues.js';

function sloLine(c: Candidate, sloTokensPerSecond: number | undefined): string[] {
  if (sloTokensPerSecond === undefined) return [];
  return c.meetsSlo
    ? [`SLO: meets ${formatNumber(sloTokensPerSecond)} TPS`]
    : [
        `SLO: misses ${formatNumber(sloTokensPerSecond)} TPS by ${formatNumber(sloTokensPerSecond - c.tokensPerSecond)} TPS`,
      ];
}

/** `predict --concurrency N`: the simulator's percentiles next to the batch view. */
function concurrencyLines(p: ConcurrencyPrediction | undefined): string[] {
  if (!p) return [];
  const row = (name: string, st: LatencyStats | null) =>
    st
      ? `  ${name.padEnd(6)} P50 ${formatSeconds(st.p50)} · P90 ${formatSeconds(st.p90)} · P99 ${formatSeconds(st.p99)} · mean ${formatSeconds(st.mean)}`
      : `  ${name.padEnd(6)} —`;
  return [
    '',
    `At concurrency ${p.concurrency} (serving simulator, closed loop of ${formatNumber(p.requests, 0)} requests, tensor parallel ${p.tensorParallel}):`,
    row('TTFT', p.ttftSeconds),
    row('TPOT', p.tpotSeconds),
    row('E2E', p.e2eSeconds),
    `  ${formatNumber(p.outputTokensPerSecond)} output tokens/s · mean batch ${formatNumber(p.meanBatchSize, 1)} · ${formatNumber(p.preemptions, 0)} preemptions`,
  ];
}

function renderPrediction(
  c: Candidate,
  warnings: Issue[],
  energy: EnergyReport,
  sloTokensPerSecond?: number,
  atConcurrency?: ConcurrencyPrediction,
): string {
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
    'Time per batch:',
    `  prefill         ${formatSeconds(c.prefillSeconds)}  (${c.prefillBound}-bound)`,
    `  decode          ${formatSeconds(c.decodeSeconds)}  (${c.decodeBound}-bound; ${formatSeconds(c.decodeStepSeconds)} per step)`,
    `  batch           ${formatSeconds(c.batchSeconds)}`,
    '',
    `Throughput: ${formatNumber(c.tokensPerSecond)} tokens/s (input + output), ${formatNumber(c.outputTokensPerSecond)} output tokens/s`,
    ...sloLine(c, sloTokensPerSecond),
    ...concurrencyLines(atConcurrency),
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
    stdout: renderPrediction(
      outcome.candidate,
      outcome.warnings,
      outcome.energy,
      outcome.sloTokensPerSecond,
      outcome.atConcurrency,
    ),
    stderr: '',
  };
}
