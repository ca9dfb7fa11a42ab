import { buildRecommendRequest } from '../../app/build-recommend-request.js';
import type { EnergyRequest } from '../../app/energy-request.js';
import { OptionReader } from '../../app/option-reader.js';
import type { PlannerData } from '../../app/planner-data.js';
import type { RecommendRequest, RecommendResult } from '../../app/recommend.js';
import { recommendRanked } from '../../app/recommend-energy.js';
import { type RecommendSettings, recommendJson } from '../../app/recommend-json.js';
import { fail, ok, type Result } from '../../core/issue.js';
import type { CommandOutput } from '../command-output.js';
import { planFromCandidate } from '../emit/plan.js';
import { renderErrors } from '../text/render-issues.js';
import { applyEmit, type EmitRequest, readEmit } from './emit-option.js';
import { renderRecommendCsv, renderRecommendTable } from './render-recommend.js';

/** The use case's request plus the CLI's output choices (--json, --csv, --emit), every problem at once. */
export function readRecommendFlags(
  raw: Record<string, unknown>,
  data: PlannerData,
): Result<{
  request: RecommendRequest;
  settings: RecommendSettings;
  format: 'table' | 'json' | 'csv';
  emit?: EmitRequest;
  energy: EnergyRequest;
}> {
  const built = buildRecommendRequest(raw, data);
  const o = new OptionReader(raw);
  const emit = readEmit(o);
  const format = o.flag('json') ? 'json' : o.flag('csv') ? 'csv' : 'table';
  if (o.flag('json') && o.flag('csv'))
    o.issues.push({ code: 'invalid-option', path: '--csv', message: 'choose --json or --csv, not both' });
  if (!built.ok || o.issues.length > 0) return fail(...(built.ok ? [] : built.issues), ...o.issues);
  return ok({ ...built.value, format, ...(emit ? { emit } : {}) });
}

/** `infersave recommend`: exit 0 with a pick, 1 when nothing qualifies, 2 on bad input. */
export function runRecommend(raw: Record<string, unknown>, data: PlannerData): CommandOutput {
  const built = readRecommendFlags(raw, data);
  if (!built.ok) return { exitCode: 2, stdout: '', stderr: renderErrors(built.issues, 'recommend') };
  const { request, settings, format, emit, energy } = built.value;
  const result = recommendRanked(data, request, energy, settings.objective ?? 'cost');
  if (!result.ok) return { exitCode: 2, stdout: '', stderr: renderErrors(result.issues, 'recommend') };
  const output = recommendOutput(result.value, request, settings, format);
  // The pick's cloud and launch spec (a GCP host with attached GPUs) for SkyPilot's infra and resources.
  const instance = request.catalog.instances.find((i) => i.id === output.pick?.instance);
  const plan = output.pick
    ? {
        ...planFromCandidate(output.pick, {
          ...settings,
          ...(request.model.quantization ? { checkpoint: request.model.quantization } : {}),
        }),
        ...(instance ? { provider: instance.provider } : {}),
        ...(instance?.launch ? { launch: instance.launch } : {}),
      }
    : undefined;
  return applyEmit(output.output, emit, plan);
}

function recommendOutput(
  result: RecommendResult,
  request: RecommendRequest,
  settings: RecommendSettings,
  format: 'table' | 'json' | 'csv',
): { output: CommandOutput; pick: RecommendResult['pick'] } {
  const exitCode = result.pick ? 0 : 1;
  const pick = result.pick;
  if (format === 'json') {
    const stdout = `${JSON.stringify(recommendJson(result, settings), null, 2)}\n`;
    return { pick, output: { exitCode, stdout, stderr: '' } };
  }
  if (format === 'csv') return { pick, output: { exitCode, stdout: renderRecommendCsv(result), stderr: '' } };
  return {
    pick,
    output: { exitCode, stdout: renderRecommendTable(result, settings, request.top), stderr: '' },
  };
}
