import { resolveCalibration } from '../core/calibration.js';
import type { Issue } from '../core/issue.js';
import { gpuLabel } from '../core/mig-slice-gpu.js';
import { simulate } from '../sim/simulate.js';
import { longestSequenceTokens, meanSequenceTokens } from '../sim/workload.js';
import { invalidStepIssue } from './check-step-timer.js';
import { powerContextFor, readEnergyRequest, whereOf } from './energy-inputs.js';
import { type EnergyReport, simulationEnergy } from './energy-report.js';
import { isCalibrated } from './engine-predictor.js';
import { resolveHardware } from './evaluate-predict.js';
import { hasLatencyTargets, judgeLatencySlo } from './latency-slo.js';
import { OptionReader } from './option-reader.js';
import type { PlannerData } from './planner-data.js';
import {
  extrapolationWarnings,
  resolveUncertaintyModel,
  type Uncertainty,
  uncertaintyOf,
} from './prediction-uncertainty.js';
import { collect, resolveModel } from './request-inputs.js';
import {
  DEFAULT_SEED,
  describeWorkload,
  loadWorkload,
  readEngine,
  readLatencyTargets,
  readWorkloadSpec,
  resolveStepTimerData,
  workloadSeed,
} from './serving-inputs.js';
import { type ServingSettings, servingHardware, servingReplicaFor } from './serving-replica.js';
import {
  checkpointPrecisionIssues,
  chosenKvCacheDtype,
  defaultPrecision,
  workloadContextIssues,
} from './settings.js';
import type { SimulateSettings } from './simulate-json.js';

/** Seconds between timeline samples: --timeline-interval, default 1 s. */
const DEFAULT_TIMELINE_INTERVAL_SECONDS = 1;

/** A simulation's answer, or the issues that stopped it (exit code 2: bad input; 1: no placement). */
export type SimulateOutcome =
  | { ok: false; exitCode: 1 | 2; issues: Issue[] }
  | {
      ok: true;
      settings: SimulateSettings;
      energy: EnergyReport;
      summary: ReturnType<typeof simulate>['summary'];
      verdict: ReturnType<typeof judgeLatencySlo> | null;
      warnings: Issue[];
      timeline: ReturnType<typeof simulate>['timeline'];
      timelinePath: string | undefined;
      /** The step-time band behind the latencies, and what lies outside the measured shapes. */
      uncertainty: Uncertainty;
    };

/** Beyond the options: a timeline for a caller that shows it rather than writes it (HTTP). */
export interface SimulateExtras {
  /** Record the timeline (at `timelineInterval`), fewer samples than this: the interval doubles as needed. */
  timelineMaxSamples?: number;
}

/** The simulation the CLI's options ask for, without writing or rendering anything. */
export async function evaluateSimulate(
  raw: Record<string, unknown>,
  data: PlannerData,
  extras: SimulateExtras = {},
): Promise<SimulateOutcome> {
  const o = new OptionReader(raw);
  const concurrency = o.positiveInteger('concurrency');
  if (concurrency !== undefined && o.text('rate') !== undefined && o.text('trace') === undefined)
    o.issues.push({
      code: 'invalid-option',
      path: 'rate',
      message: 'a closed loop at {{concurrency}} N has no arrival rate: drop {{rate}} (or {{concurrency}})',
    });
  // A closed loop ignores arrival times: the synthetic workload only needs lengths and a count.
  const spec = readWorkloadSpec(o, concurrency !== undefined ? { defaultSyntheticRate: 1 } : {});
  const { scheduler, router } = readEngine(o, raw);
  const targets = readLatencyTargets(o);
  const instances = o.positiveInteger('instancesCount') ?? 1;
  const tensorParallel = o.positiveInteger('tensorParallel');
  const precisions = o.precisions('precision');
  const kvCacheDtype = o.kvCacheDtype();
  if (precisions && precisions.length > 1)
    o.issues.push({ code: 'invalid-option', path: 'precision', message: 'simulate takes one precision' });
  const { gpuUtil, hostUtil } = o.memoryUtilization();
  const threshold = o.positiveInteger('queryTypeThreshold');
  const timelinePath = o.text('timeline');
  const timelineInterval = o.durationSeconds('timelineInterval') ?? DEFAULT_TIMELINE_INTERVAL_SECONDS;
  const model = resolveModel(data, o.text('model'), o.text('modelConfig'), o.text('servedModelName'));
  const hardware = resolveHardware(o, data);
  const timeModel = resolveStepTimerData(data, o);
  const energyRequest = readEnergyRequest(o, raw);
  const power = hardware.ok
    ? powerContextFor(data, hardware.value.hardware.gpu, whereOf(hardware.value.hardware), energyRequest)
    : undefined;
  if (power && !power.ok) o.issues.push(...power.issues);
  if (
    scheduler.preemption === 'swap' &&
    hardware.ok &&
    !Number.isFinite(servingHardware(hardware.value.hardware).hostMemoryBytes)
  ) {
    o.issues.push({
      code: 'invalid-option',
      path: 'preemption',
      message: 'swap on bare GPUs needs the host RAM: add {{hostMemoryGib}}',
    });
  }
  // Read the trace even when other flags are bad, so its problems are reported in the same run.
  const loaded = spec ? await loadWorkload(spec, data.readTrace) : undefined;
  const issues = [
    ...o.issues,
    ...collect(model, hardware, timeModel, ...(loaded ? [loaded] : [])),
    ...workloadContextIssues(model, loaded, spec?.kind === 'trace'),
    ...(model.ok ? checkpointPrecisionIssues(model.value, precisions) : []),
  ];
  if (!model.ok || !hardware.ok || !timeModel.ok || !loaded?.ok || !power?.ok || issues.length > 0) {
    return { ok: false, exitCode: 2, issues };
  }
  hardware.value.hardware.gpu = power.value.gpu;
  const workload = loaded.value.workload;
  const precision = precisions?.[0] ?? defaultPrecision(model.value);
  const hw = servingHardware(hardware.value.hardware);
  const shared: ServingSettings = {
    model: model.value,
    scheduler,
    efficiency: timeModel.value.efficiency,
    ...(timeModel.value.calibration ? { calibration: timeModel.value.calibration } : {}),
    ...(timeModel.value.engine ? { engine: timeModel.value.engine } : {}),
    gpuMemoryUtilization: gpuUtil,
    hostMemoryUtilization: hostUtil,
    ...chosenKvCacheDtype(model.value, kvCacheDtype),
  };
  const serving = servingReplicaFor(shared, {
    hardware: hw,
    precision,
    ...(tensorParallel !== undefined ? { tensorParallel } : {}),
    minimumKvTokens: longestSequenceTokens(workload),
    kvReferenceTokens: meanSequenceTokens(workload),
  });
  if (!serving.ok) {
    const badInput = serving.issues.some((i) => i.code === 'invalid-tensor-parallel');
    return { ok: false, exitCode: badInput ? 2 : 1, issues: serving.issues };
  }
  const s = serving.value;
  const result = simulate({
    workload,
    replicas: instances * s.replicasPerInstance,
    replica: s.replica,
    router,
    seed: spec ? workloadSeed(spec) : DEFAULT_SEED,
    ...(threshold !== undefined ? { queryTypeThresholdTokens: threshold } : {}),
    ...(hasLatencyTargets(targets) ? { slo: targets } : {}),
    ...(timelinePath !== undefined || extras.timelineMaxSamples !== undefined
      ? { timelineIntervalSeconds: timelineInterval }
      : {}),
    ...(extras.timelineMaxSamples !== undefined ? { timelineMaxSamples: extras.timelineMaxSamples } : {}),
    ...(concurrency !== undefined ? { closedLoop: { concurrency } } : {}),
  });
  const stopped = result.summary.truncated;
  if (stopped?.reason === 'invalid-step-time') {
    const issue = invalidStepIssue(stopped.stepSeconds, stopped.step, timeModel.value.calibration?.id);
    return { ok: false, exitCode: 1, issues: [issue] };
  }
  const h = hardware.value.hardware;
  const settings: SimulateSettings = {
    model: model.value.id,
    instance: h.kind === 'instance' ? h.instance.id : null,
    gpu: gpuLabel(hw.gpu),
    gpuCount: hw.gpuCount,
    priceUsdPerHour: h.kind === 'instance' ? (h.priceUsdPerHour ?? null) : null,
    region: h.kind === 'instance' ? h.region : null,
    precision,
    tensorParallel: s.tensorParallel,
    replicasPerInstance: s.replicasPerInstance,
    instances,
    replicas: instances * s.replicasPerInstance,
    kvBlocksPerReplica: s.kvBlocks,
    kvTokensPerReplica: s.kvTokens,
    scheduler: s.scheduler,
    router,
    calibration: timeModel.value.calibration?.id ?? null,
    gpuMemoryUtilization: gpuUtil,
    seed: result.summary.seed,
    workload: describeWorkload(workload),
    trace: loaded.value.trace ?? null,
    sloP95: hasLatencyTargets(targets) ? targets : null,
    concurrency: concurrency ?? null,
  };
  const verdict = hasLatencyTargets(targets) ? judgeLatencySlo(result.summary, targets) : null;
  const calibrated =
    timeModel.value.calibration !== undefined &&
    isCalibrated(
      resolveCalibration(timeModel.value.calibration, 'roofline', hw.instanceId, hw.gpu.id, {
        model: model.value.id,
        tensorParallel: s.tensorParallel,
        precision,
      }).calibration,
    );
  const uncertainty = uncertaintyOf(
    resolveUncertaintyModel(data, o, 'roofline', 'none'),
    {
      gpuId: hw.gpu.id,
      tensorParallel: s.tensorParallel,
      precision,
      prefillBatchTokens: s.scheduler.maxNumBatchedTokens,
      decodeBatch: result.summary.batchSize.max,
      contextTokens: longestSequenceTokens(workload),
    },
    calibrated,
  );
  const warnings: Issue[] = [...loaded.value.warnings, ...s.warnings, ...extrapolationWarnings(uncertainty)];
  if (h.kind === 'instance' && h.priceUsdPerHour === undefined) {
    warnings.push({ code: 'not-offered-in-region', details: { region: h.region } });
  }
  const energy = simulationEnergy(
    power.value.context,
    {
      replicas: result.summary.replicas,
      makespanSeconds: result.summary.makespanSeconds,
      busy: result.summary.busy,
      throughput: result.summary.throughput,
    },
    s.tensorParallel,
    instances * hw.gpuCount,
  );
  return {
    ok: true,
    settings,
    energy,
    summary: result.summary,
    verdict,
    warnings,
    timeline: result.timeline,
    timelinePath,
    uncertainty,
  };
}
