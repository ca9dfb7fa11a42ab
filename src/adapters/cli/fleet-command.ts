import { writeFileSync } from 'node:fs';
import { fleet } from '../../app/fleet.js';
import type { FleetSource } from '../../app/fleet-buckets.js';
import { loadFleetData } from '../../app/fleet-data.js';
import { parseFleetRequest } from '../../app/fleet-request.js';
import { withWordedWarnings } from '../../app/issue-json.js';
import { readPercentileTargets } from '../../app/latency-slo-flags.js';
import { OptionReader } from '../../app/option-reader.js';
import type { PlannerData } from '../../app/planner-data.js';
import { NO_PROGRESS, type Progress, stepCallback } from '../../app/progress.js';
import type { Issue } from '../../core/issue.js';
import type { CommandOutput } from '../command-output.js';
import { emitFleet } from '../emit/fleet-plans.js';
import { readDistributionCsv } from '../importers/fleet-distribution.js';
import { loadHighsSolver } from '../solver/highs-milp-solver.js';
import { renderErrors } from '../text/render-issues.js';
import { renderFleet } from './render-fleet.js';
import { loadTraceFile, readTraceFileOptions } from './trace-file.js';

const FIELD_FLAGS: Record<string, string> = {
  model: '--model',
  precision: '--precision',
  clouds: '--cloud',
  regions: '--region',
  instances: '--instances',
  pricing: '--pricing',
  spotInterruptionsPerHour: '--spot-interruptions-per-hour',
  spotRestartSeconds: '--spot-restart',
  slo: '--slo-e2e-p95',
  requestsPerSecond: '--rate',
  inputBucketEdges: '--input-bucket-edges',
  outputBucketEdges: '--output-bucket-edges',
  sliceFactor: '--slice-factor',
  maxUtilization: '--max-utilization',
  probeRequests: '--probe-requests',
  replayRequests: '--replay-requests',
  mipRelativeGap: '--mip-gap',
  timeLimitSeconds: '--time-limit',
  seed: '--seed',
};

const numbers = (items: string[]) => items.map((x) => (x.trim() === '' ? Number.NaN : Number(x)));

/** `infersave fleet --trace FILE --slo-e2e-p95 20s …` or `--distribution sizes.csv --rate 30 …`. */
export async function runFleet(
  raw: Record<string, unknown>,
  data: PlannerData,
  progress: Progress = NO_PROGRESS,
): Promise<CommandOutput> {
  const o = new OptionReader(raw);
  const tracePath = o.text('trace');
  const distributionPath = o.text('distribution');
  if ((tracePath === undefined) === (distributionPath === undefined))
    o.issues.push({
      code: 'missing-option',
      path: '--trace',
      message:
        'give the request sizes as --trace FILE (Azure, Mooncake, BurstGPT or plain CSV) or --distribution FILE (input_tokens,output_tokens,weight with --rate), one of them',
    });
  const traceOptions = readTraceFileOptions(o);
  const emit = o.oneOf('emit', ['skypilot', 'k8s'] as const);
  const emitOut = o.text('emitOut');
  if (emitOut !== undefined && emit === undefined)
    o.issues.push({
      code: 'invalid-option',
      path: '--emit-out',
      message: 'writes what --emit produces: add --emit skypilot|k8s',
    });
  const { percentile, slo } = readPercentileTargets(o);
  const body: Record<string, unknown> = { slo, percentile };
  const put = (key: string, value: unknown) => {
    if (value !== undefined) body[key] = value;
  };
  put('model', o.text('model'));
  put('precision', o.precisions('precision')?.[0]);
  if (raw.cloud !== undefined) body.clouds = o.list('cloud');
  if (raw.region !== undefined) body.regions = o.list('region');
  if (raw.instances !== undefined) body.instances = o.list('instances');
  put('pricing', o.text('pricing'));
  put('spotInterruptionsPerHour', o.positiveNumber('spotInterruptionsPerHour'));
  put('spotRestartSeconds', o.durationSeconds('spotRestart'));
  put('requestsPerSecond', o.positiveNumber('rate'));
  if (raw.inputBucketEdges !== undefined) body.inputBucketEdges = numbers(o.list('inputBucketEdges'));
  if (raw.outputBucketEdges !== undefined) body.outputBucketEdges = numbers(o.list('outputBucketEdges'));
  put('sliceFactor', o.positiveInteger('sliceFactor'));
  put('maxUtilization', o.positiveNumber('maxUtilization'));
  put('probeRequests', o.positiveInteger('probeRequests'));
  put('replayRequests', o.positiveInteger('replayRequests'));
  const gap = o.text('mipGap');
  if (gap !== undefined) body.mipRelativeGap = Number(gap);
  put('timeLimitSeconds', o.durationSeconds('timeLimit'));
  put('seed', o.wholeNumber('seed'));
  const request = parseFleetRequest(body, (field) => FIELD_FLAGS[field.split('.')[0] ?? ''] ?? field);
  const loaded = loadFleetData(data, o.text('engine') ?? 'vllm');
  const trace = await loadTraceFile(distributionPath === undefined ? tracePath : undefined, traceOptions);
  const rows =
    distributionPath !== undefined && tracePath === undefined
      ? readDistributionCsv(distributionPath)
      : undefined;
  const issues: Issue[] = [
    ...o.issues,
    ...(request.ok ? [] : request.issues),
    ...(loaded.ok ? [] : loaded.issues),
    ...(trace && !trace.ok ? trace.issues : []),
    ...(rows && !rows.ok ? rows.issues : []),
  ];
  if (!request.ok || !loaded.ok || (trace && !trace.ok) || (rows && !rows.ok) || issues.length > 0)
    return { exitCode: 2, stdout: '', stderr: renderErrors(issues, 'fleet') };
  let source: FleetSource;
  if (trace?.ok) source = { kind: 'trace', workload: trace.value.workload };
  else if (rows?.ok) source = { kind: 'distribution', rows: rows.value, source: distributionPath ?? '' };
  else return { exitCode: 70, stdout: '', stderr: 'fleet: no request sizes read\n' };
  const result = fleet(
    request.value,
    source,
    loaded.value,
    await loadHighsSolver(),
    stepCallback(progress, 'fleet'),
  );
  progress.stop();
  if (!result.ok) {
    const infeasible = result.issues.every((i) => i.code === 'fleet-infeasible');
    return { exitCode: infeasible ? 1 : 2, stdout: '', stderr: renderErrors(result.issues, 'fleet') };
  }
  const value = {
    ...result.value,
    warnings: [...(trace?.ok ? trace.warnings : []), ...result.value.warnings],
  };
  if (emit !== undefined) {
    const text = emitFleet(emit, value);
    if (emitOut === undefined) return { exitCode: 0, stdout: text, stderr: '' };
    try {
      writeFileSync(emitOut, text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        exitCode: 2,
        stdout: '',
        stderr: renderErrors(
          [{ code: 'invalid-option', path: '--emit-out', message: `cannot write ${emitOut}: ${reason}` }],
          'fleet',
        ),
      };
    }
  }
  const note =
    emit !== undefined && emitOut !== undefined ? `Wrote the ${emit} deployment to ${emitOut}.\n` : '';
  if (o.flag('json'))
    return { exitCode: 0, stdout: `${JSON.stringify(withWordedWarnings(value), null, 2)}\n`, stderr: note };
  return { exitCode: 0, stdout: renderFleet(value), stderr: note };
}
