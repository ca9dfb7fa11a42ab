import { evaluateRecommendLatency } from '../../app/evaluate-recommend-latency.js';
import type { LatencySloTargets } from '../../app/latency-slo.js';
import { OptionReader } from '../../app/option-reader.js';
import type { PlannerData } from '../../app/planner-data.js';
import { NO_PROGRESS, type Progress } from '../../app/progress.js';
import { latencyRecommendJson } from '../../app/recommend-latency-json.js';
import { vllmDefaultScheduler } from '../../app/serving-replica.js';
import { DEFAULTS } from '../../app/settings.js';
import type { CommandOutput } from '../command-output.js';
import { type DeployPlan, planFromLatencyCandidate } from '../emit/plan.js';
import { renderErrors } from '../text/render-issues.js';
import { applyEmit, readEmit } from './emit-option.js';
import { renderLatencyRecommendTable } from './render-recommend-latency.js';

/** `infersave recommend --slo-ttft-p95 … | --slo-tpot-p95 … | --slo-e2e-p95 …`: type and count of instances. */
export async function runRecommendLatency(
  raw: Record<string, unknown>,
  data: PlannerData,
  progress: Progress = NO_PROGRESS,
): Promise<CommandOutput> {
  const outcome = await evaluateRecommendLatency(raw, data, progress);
  const o = new OptionReader(raw);
  const emit = readEmit(o);
  if (!outcome.ok || o.issues.length > 0) {
    const issues = [...(outcome.ok ? [] : outcome.issues), ...o.issues];
    return { exitCode: 2, stdout: '', stderr: renderErrors(issues, 'recommend') };
  }
  // Validated by the use case.
  const top = raw.top === undefined ? DEFAULTS.top : Number(raw.top);
  const { settings, result, warnings, scheduler } = outcome;
  const full = outcome.workload;
  const { model, region, pricing, gpuMemoryUtilization: gpuUtil, requestsPerSecond: rate } = settings;
  const targets = settings.sloP95;
  const exitCode = result.pick ? 0 : 1;
  let plan: DeployPlan | undefined;
  const gpu = outcome.gpus.find((g) => g.id === result.pick?.gpu);
  if (result.pick && gpu) {
    // The scheduler the simulation ran: vLLM's defaults for the GPU, then the flags given.
    const defaults = vllmDefaultScheduler(gpu);
    plan = planFromLatencyCandidate(result.pick, {
      model,
      region,
      pricing,
      gpuMemoryUtilization: gpuUtil,
      longestRequestTokens: longestRequestTokens(full.inputTokens, full.outputTokens),
      maxNumSeqs: scheduler.maxNumSeqs ?? defaults.maxNumSeqs,
      maxNumBatchedTokens: scheduler.maxNumBatchedTokens ?? defaults.maxNumBatchedTokens,
      requestsPerSecond: rate,
      slo: describeTargets(targets),
      ...(outcome.emit.checkpoint ? { checkpoint: outcome.emit.checkpoint } : {}),
    });
  }
  if (raw.json === true) {
    const json = latencyRecommendJson(settings, result, warnings);
    return applyEmit({ exitCode, stdout: `${JSON.stringify(json, null, 2)}\n`, stderr: '' }, emit, plan);
  }
  const stdout = renderLatencyRecommendTable(settings, result, warnings, top);
  return applyEmit({ exitCode, stdout, stderr: '' }, emit, plan);
}

function longestRequestTokens(input: ArrayLike<number>, output: ArrayLike<number>): number {
  let longest = 0;
  for (let i = 0; i < input.length; i++) {
    longest = Math.max(longest, (input[i] as number) + (output[i] as number));
  }
  return longest;
}

function describeTargets(t: LatencySloTargets): string {
  const parts = [
    t.ttftSeconds !== undefined ? `TTFT ≤ ${t.ttftSeconds}s` : undefined,
    t.tpotSeconds !== undefined ? `TPOT ≤ ${t.tpotSeconds}s` : undefined,
    t.e2eSeconds !== undefined ? `E2E ≤ ${t.e2eSeconds}s` : undefined,
  ].filter((p) => p !== undefined);
  return parts.join(', ');
}
