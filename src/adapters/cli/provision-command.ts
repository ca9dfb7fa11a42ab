import { withWordedWarnings } from '../../app/issue-json.js';
import { readPercentileTargets } from '../../app/latency-slo-flags.js';
import { OptionReader } from '../../app/option-reader.js';
import type { PlannerData } from '../../app/planner-data.js';
import { NO_PROGRESS, type Progress, stepCallback } from '../../app/progress.js';
import { type ProvisionResult, provision, STRATEGIES } from '../../app/provision.js';
import { PROVISION_DEFAULTS, parseProvisionRequest } from '../../app/provision-request.js';
import type { Issue } from '../../core/issue.js';
import type { CommandOutput } from '../command-output.js';
import { catalogBundle as packData } from '../fs/catalog-bundle.js';
import { renderErrors } from '../text/render-issues.js';
import { renderProvision, timelineCsv } from './render-provision.js';
import { loadTraceFile, readTraceFileOptions } from './trace-file.js';

const FIELD_FLAGS: Record<string, string> = {
  model: '--model',
  gpu: '--gpu',
  windowSeconds: '--window',
  scaleUpDelaySeconds: '--scale-up-delay',
  slo: '--slo-e2e-p95',
  queryTypeThresholdTokens: '--query-type-threshold',
  probeRequests: '--probe-requests',
  usdPerGpuHour: '--usd-per-gpu-hour',
  gpuWatts: '--gpu-watts',
  pue: '--pue',
  gridGco2PerKwh: '--grid-gco2-per-kwh',
};

/** `infersave provision --trace FILE --window 5m --slo-e2e-p95 20s …`. */
export async function runProvision(
  raw: Record<string, unknown>,
  data: PlannerData,
  progress: Progress = NO_PROGRESS,
): Promise<CommandOutput> {
  const o = new OptionReader(raw);
  const path = o.text('trace');
  if (path === undefined)
    o.issues.push({
      code: 'missing-option',
      path: '--trace',
      message: 'a request trace (Azure, Mooncake, BurstGPT or plain CSV)',
    });
  const traceOptions = readTraceFileOptions(o);
  const { percentile, slo } = readPercentileTargets(o);
  const body: Record<string, unknown> = { slo, percentile };
  const put = (key: string, value: unknown) => {
    if (value !== undefined) body[key] = value;
  };
  put('model', o.text('model'));
  put('gpu', o.text('gpu'));
  put('precision', o.precisions('precision')?.[0]);
  if (o.text('migProfiles') !== undefined) body.migProfiles = o.list('migProfiles');
  if (raw.mig === false) body.migProfiles = [];
  put('windowSeconds', o.durationSeconds('window'));
  const delay = o.text('scaleUpDelay');
  put(
    'scaleUpDelaySeconds',
    delay !== undefined && /^0+(\.0+)?\s*(us|µs|ms|s|m|h)?$/.test(delay)
      ? 0
      : o.durationSeconds('scaleUpDelay'),
  );
  put('queryTypeThresholdTokens', o.positiveInteger('queryTypeThreshold'));
  put('probeRequests', o.positiveInteger('probeRequests'));
  put('usdPerGpuHour', o.positiveNumber('usdPerGpuHour'));
  put('gpuWatts', o.positiveNumber('gpuWatts'));
  put('pue', o.positiveNumber('pue'));
  put('gridGco2PerKwh', o.positiveNumber('gridGco2PerKwh'));
  put('seed', o.wholeNumber('seed'));
  const request = parseProvisionRequest(body, (field) => FIELD_FLAGS[field.split('.')[0] ?? ''] ?? field);
  const loaded = packData(data);
  const trace = await loadTraceFile(path, traceOptions);
  const issues: Issue[] = [
    ...o.issues,
    ...(request.ok ? [] : request.issues),
    ...(loaded.ok ? [] : loaded.issues),
    ...(trace && !trace.ok ? trace.issues : []),
  ];
  if (!request.ok || !loaded.ok || !trace?.ok || issues.length > 0)
    return { exitCode: 2, stdout: '', stderr: renderErrors(issues, 'provision') };
  const result = provision(
    request.value,
    trace.value.workload,
    loaded.value,
    stepCallback(progress, 'provision'),
  );
  progress.stop();
  if (!result.ok) return { exitCode: 2, stdout: '', stderr: renderErrors(result.issues, 'provision') };
  const value: ProvisionResult = { ...result.value, warnings: [...trace.warnings, ...result.value.warnings] };
  if (o.flag('json'))
    return { exitCode: 0, stdout: `${JSON.stringify(withWordedWarnings(value), null, 2)}\n`, stderr: '' };
  if (o.flag('csv')) return { exitCode: 0, stdout: timelineCsv(value), stderr: '' };
  return { exitCode: 0, stdout: renderProvision(value, PROVISION_DEFAULTS, STRATEGIES), stderr: '' };
}
