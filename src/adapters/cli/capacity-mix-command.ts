import { capacityMix } from '../../app/capacity-mix.js';
import { parseCapacityMixRequest } from '../../app/capacity-mix-request.js';
import { loadCapacityMixData } from '../../app/fleet-data.js';
import { withWordedWarnings } from '../../app/issue-json.js';
import { readPercentileTargets } from '../../app/latency-slo-flags.js';
import { OptionReader } from '../../app/option-reader.js';
import type { PlannerData } from '../../app/planner-data.js';
import { NO_PROGRESS, type Progress, stepCallback } from '../../app/progress.js';
import type { Issue } from '../../core/issue.js';
import type { CommandOutput } from '../command-output.js';
import { capacityMixPlan } from '../emit/capacity-mix-plan.js';
import { emitK8s } from '../emit/k8s.js';
import { outputFileIssues, writeOutputFile } from '../fs/output-file.js';
import { renderErrors } from '../text/render-issues.js';
import { capacityMixCsv, renderCapacityMix } from './render-capacity-mix.js';
import { loadTraceFile, readTraceFileOptions } from './trace-file.js';

const FIELD_FLAGS: Record<string, string> = {
  model: '--model',
  modelConfig: '--model-config',
  servedModelName: '--served-model-name',
  precision: '--precision',
  gpu: '--gpu',
  cloud: '--cloud',
  region: '--region',
  windowSeconds: '--window',
  scaleUpDelaySeconds: '--scale-up-delay',
  slo: '--slo-e2e-p95',
  probeRequests: '--probe-requests',
  usdPerGpuHour: '--usd-per-gpu-hour',
  reservedUsdPerGpuHour: '--reserved-usd-per-gpu-hour',
  reservedDiscount: '--reserved-discount',
  spotUsdPerGpuHour: '--spot-usd-per-gpu-hour',
  batchFraction: '--batch-fraction',
  spotInterruptionsPerHour: '--spot-interruptions-per-hour',
  spotRestartSeconds: '--spot-restart',
  'profile.meanRequestsPerSecond': '--profile-mean-rate',
  'profile.amplitude': '--profile-amplitude',
  'profile.peakHour': '--profile-peak-hour',
  'profile.days': '--profile-days',
  profile: '--profile-mean-rate',
  seed: '--seed',
};

/** `infersave capacity-mix --trace FILE --model M --slo-e2e-p95 20s …`. */
export async function runCapacityMix(
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
      message:
        'a request trace (Azure, Mooncake, BurstGPT or plain CSV): its sizes, and its arrivals unless --profile-mean-rate gives the demand',
    });
  const traceOptions = readTraceFileOptions(o);
  const emit = o.oneOf('emit', ['k8s'] as const);
  const emitOut = o.text('emitOut');
  if (emitOut !== undefined && emit === undefined)
    o.issues.push({
      code: 'invalid-option',
      path: '--emit-out',
      message: 'writes what --emit produces: add --emit k8s',
    });
  if (emitOut !== undefined)
    o.issues.push(
      ...outputFileIssues(emitOut, '--emit-out', {
        force: o.flag('force'),
        inputs: path !== undefined ? [path] : [],
      }),
    );
  const { percentile, slo } = readPercentileTargets(o);
  const body: Record<string, unknown> = { slo, percentile };
  const put = (key: string, value: unknown) => {
    if (value !== undefined) body[key] = value;
  };
  put('model', o.text('model'));
  put('modelConfig', o.text('modelConfig'));
  put('servedModelName', o.text('servedModelName'));
  put('precision', o.precisions('precision')?.[0]);
  put('gpu', o.text('gpu'));
  put('cloud', o.text('cloud'));
  put('region', o.text('region'));
  put('windowSeconds', o.durationSeconds('window'));
  const delay = o.text('scaleUpDelay');
  put(
    'scaleUpDelaySeconds',
    delay !== undefined && /^0+(\.0+)?\s*(us|µs|ms|s|m|h)?$/.test(delay)
      ? 0
      : o.durationSeconds('scaleUpDelay'),
  );
  put('probeRequests', o.positiveInteger('probeRequests'));
  put('usdPerGpuHour', o.positiveNumber('usdPerGpuHour'));
  put('reservedUsdPerGpuHour', o.positiveNumber('reservedUsdPerGpuHour'));
  put('reservedDiscount', o.positiveNumber('reservedDiscount'));
  put('spotUsdPerGpuHour', o.positiveNumber('spotUsdPerGpuHour'));
  const fraction = o.text('batchFraction');
  if (fraction !== undefined) body.batchFraction = fraction.trim() === '' ? Number.NaN : Number(fraction);
  const rate = o.text('spotInterruptionsPerHour');
  if (rate !== undefined) body.spotInterruptionsPerHour = rate.trim() === '' ? Number.NaN : Number(rate);
  const restart = o.text('spotRestart');
  put(
    'spotRestartSeconds',
    restart !== undefined && /^0+(\.0+)?\s*(us|µs|ms|s|m|h)?$/.test(restart)
      ? 0
      : o.durationSeconds('spotRestart'),
  );
  const mean = o.positiveNumber('profileMeanRate');
  const profile: Record<string, unknown> = {};
  const amplitude = o.text('profileAmplitude');
  if (amplitude !== undefined) profile.amplitude = amplitude.trim() === '' ? Number.NaN : Number(amplitude);
  const peak = o.text('profilePeakHour');
  if (peak !== undefined) profile.peakHour = peak.trim() === '' ? Number.NaN : Number(peak);
  const days = o.positiveNumber('profileDays');
  if (days !== undefined) profile.days = days;
  if (mean !== undefined) body.profile = { meanRequestsPerSecond: mean, ...profile };
  else if (Object.keys(profile).length > 0)
    o.issues.push({
      code: 'invalid-option',
      path: '--profile-mean-rate',
      message:
        'the profile flags shape a diurnal profile: give its mean rate too (e.g. --profile-mean-rate 5)',
    });
  put('seed', o.wholeNumber('seed'));
  const request = parseCapacityMixRequest(
    body,
    (field) => FIELD_FLAGS[field] ?? FIELD_FLAGS[field.split('.')[0] ?? ''] ?? field,
  );
  const loaded = loadCapacityMixData(data, request.ok ? request.value : {});
  const trace = await loadTraceFile(path, traceOptions);
  const issues: Issue[] = [
    ...o.issues,
    ...(request.ok ? [] : request.issues),
    ...(loaded.ok ? [] : loaded.issues),
    ...(trace && !trace.ok ? trace.issues : []),
  ];
  if (!request.ok || !loaded.ok || !trace?.ok || issues.length > 0)
    return { exitCode: 2, stdout: '', stderr: renderErrors(issues, 'capacity-mix') };
  const result = capacityMix(
    request.value,
    trace.value.workload,
    loaded.value,
    stepCallback(progress, 'capacity-mix'),
  );
  progress.stop();
  if (!result.ok) return { exitCode: 2, stdout: '', stderr: renderErrors(result.issues, 'capacity-mix') };
  const value = {
    ...result.value,
    warnings: [...loaded.warnings, ...trace.warnings, ...result.value.warnings],
  };
  if (emit !== undefined) {
    const plan = capacityMixPlan(value, loaded.value.catalogs);
    if (!plan.ok) return { exitCode: 2, stdout: '', stderr: renderErrors(plan.issues, 'capacity-mix') };
    const text = emitK8s(plan.value);
    if (emitOut === undefined) return { exitCode: 0, stdout: text, stderr: '' };
    const reason = writeOutputFile(emitOut, text);
    if (reason !== undefined)
      return {
        exitCode: 2,
        stdout: '',
        stderr: renderErrors(
          [{ code: 'invalid-option', path: '--emit-out', message: `cannot write ${emitOut}: ${reason}` }],
          'capacity-mix',
        ),
      };
  }
  const note = emitOut !== undefined ? `Wrote the k8s deployment to ${emitOut}.\n` : '';
  if (o.flag('json'))
    return { exitCode: 0, stdout: `${JSON.stringify(withWordedWarnings(value), null, 2)}\n`, stderr: note };
  if (o.flag('csv')) return { exitCode: 0, stdout: capacityMixCsv(value), stderr: note };
  return { exitCode: 0, stdout: renderCapacityMix(value), stderr: note };
}
