import type { GpuSpec } from '../core/gpu-spec.js';
import type { BillingRule } from '../core/instance-type.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import { contextLengthIssue } from '../core/model-config.js';
import { calibrationRangeWarnings } from './calibration-range.js';
import type { Candidate } from './candidate.js';
import { catalogOfInstance } from './cloud-catalogs.js';
import { powerContextFor, readEnergyRequest, whereOf } from './energy-inputs.js';
import { batchEnergy, type EnergyReport } from './energy-report.js';
import { instancePriceUsdPerHour } from './instance-price.js';
import { issueJson } from './issue-json.js';
import { lookupById } from './lookup.js';
import { resolveMigSlice } from './mig-slice.js';
import { OptionReader } from './option-reader.js';
import type { PlannerData } from './planner-data.js';
import { type Hardware, predict } from './predict.js';
import { type ConcurrencyPrediction, predictAtConcurrency } from './predict-concurrency.js';
import { planWaves, type Waves, wavesWarning } from './predict-waves.js';
import {
  bandExemptionOf,
  batchBands,
  DEFAULT_MARGIN,
  extrapolationWarnings,
  latencyRatios,
  resolveUncertaintyModel,
  type Uncertainty,
  uncertaintyJson,
  uncertaintyOf,
} from './prediction-uncertainty.js';
import { checkRegion, collect, resolveEngine, resolveModel, resolvePredictor } from './request-inputs.js';
import { servingHardware } from './serving-replica.js';
import { checkpointPrecisionIssues, chosenKvCacheDtype, DEFAULTS, defaultPrecision } from './settings.js';

/** --instance [--catalog] [--region], or --gpu [--gpu-count] [--host-memory-gib] [--interconnect]. */
export function resolveHardware(
  o: OptionReader,
  data: PlannerData,
): Result<{ hardware: Hardware; billing: BillingRule }> {
  const instanceId = o.text('instance');
  const gpuId = o.text('gpu');
  if (instanceId !== undefined && gpuId !== undefined) {
    return fail({ code: 'invalid-option', path: 'gpu', message: 'give {{instance}} or {{gpu}}, not both' });
  }
  if (instanceId === undefined && gpuId === undefined) {
    return fail({
      code: 'missing-option',
      path: 'instance',
      message: 'give {{instance}} ID, or {{gpu}} ID [{{gpuCount}} N]',
    });
  }
  const migProfile = o.text('mig');
  if (migProfile !== undefined && instanceId !== undefined)
    return fail({ code: 'mig-needs-gpu', path: 'mig' });
  if (instanceId !== undefined) {
    const catalog = data.catalog(o.text('catalog') ?? catalogOfInstance(data, instanceId, DEFAULTS.catalog));
    if (!catalog.ok) return catalog;
    const instance = lookupById(catalog.value.instances, instanceId, 'unknown-instance', 'instance');
    if (!instance.ok) return instance;
    const gpu = catalog.value.gpus.find((g) => g.id === instance.value.gpuId);
    if (!gpu) return fail({ code: 'unknown-gpu', details: { gpu: instance.value.gpuId } });
    const region = o.text('region') ?? catalog.value.defaultRegion;
    const badRegion = checkRegion(catalog.value, region);
    if (badRegion) return fail(badRegion);
    const price = instancePriceUsdPerHour(instance.value, region, 'on-demand');
    const hardware: Hardware = { kind: 'instance', instance: instance.value, gpu, region };
    if (price !== undefined) hardware.priceUsdPerHour = price;
    return ok({ hardware, billing: catalog.value.billing });
  }
  const gpus = data.gpus();
  if (!gpus.ok) return gpus;
  const whole = lookupById(gpus.value, gpuId as string, 'unknown-gpu-id', 'gpu');
  if (!whole.ok) return whole;
  const gpuCount = o.positiveInteger('gpuCount') ?? 1;
  let gpu: Result<GpuSpec> = whole;
  if (migProfile !== undefined) {
    if (gpuCount !== 1) return fail({ code: 'mig-needs-one-gpu', path: 'gpuCount' });
    const migGpus = data.migGpus();
    if (!migGpus.ok) return migGpus;
    gpu = resolveMigSlice(migGpus.value, whole.value, migProfile);
  }
  if (!gpu.ok) return gpu;
  const hostGiB = o.positiveNumber('hostMemoryGib');
  const interconnect =
    o.oneOf('interconnect', ['nvlink', 'pcie'] as const) ??
    (gpu.value.nvlinkBytesPerSecond !== undefined ? 'nvlink' : 'pcie');
  return ok({
    hardware: {
      kind: 'gpus',
      gpu: gpu.value,
      gpuCount,
      hostMemoryBytes: hostGiB !== undefined ? hostGiB * 2 ** 30 : Number.POSITIVE_INFINITY,
      interconnect,
    },
    billing: { kind: 'per-second', minimumSeconds: 60 },
  });
}

/** What `predict` concluded: bad input (exit 2), an infeasible placement (exit 1), or a prediction. */
export type PredictOutcome =
  | { ok: false; exitCode: 1 | 2; issues: Issue[] }
  | {
      ok: true;
      candidate: Candidate;
      warnings: Issue[];
      sloTokensPerSecond: number | undefined;
      /** The documented JSON contract of `predict --json`. */
      json: Record<string, unknown>;
      atConcurrency?: ConcurrencyPrediction;
      energy: EnergyReport;
      /** The band every printed time carries, and what lies outside the measured shapes. */
      uncertainty: Uncertainty;
      bands: ReturnType<typeof batchBands>;
      /** The requested batch did not fit in KV memory: it runs in waves (the times above are per wave). */
      waves: Waves | undefined;
    };

/** Validates predict's raw options and predicts, without rendering (the CLI and HTTP share it). */
export function evaluatePredict(raw: Record<string, unknown>, data: PlannerData): PredictOutcome {
  const o = new OptionReader(raw);
  const inputTokens = o.required('inputTokens', o.positiveInteger, 'prompt length in tokens');
  const outputTokens = o.required('outputTokens', o.positiveInteger, 'tokens generated per request');
  const concurrency = o.positiveInteger('concurrency');
  const batchSize =
    concurrency !== undefined && o.text('batchSize') === undefined
      ? concurrency
      : o.required('batchSize', o.positiveInteger, 'requests run together (or {{concurrency}} N)');
  const requests = o.positiveInteger('requests');
  const tensorParallel = o.positiveInteger('tensorParallel');
  const slo = o.positiveNumber('sloTps');
  const precisions = o.precisions('precision');
  const kvCacheDtype = o.kvCacheDtype();
  const { gpuUtil, hostUtil } = o.memoryUtilization();
  if (precisions && precisions.length > 1)
    o.issues.push({ code: 'invalid-option', path: 'precision', message: 'predict takes one precision' });
  const model = resolveModel(data, o.text('model'), o.text('modelConfig'), o.text('servedModelName'));
  const hardware = resolveHardware(o, data);
  const predictor = resolvePredictor(data, o);
  const engine = resolveEngine(data, o);
  const energyRequest = readEnergyRequest(o, raw);
  const power = hardware.ok
    ? powerContextFor(data, hardware.value.hardware.gpu, whereOf(hardware.value.hardware), energyRequest)
    : undefined;
  const issues = [
    ...o.issues,
    ...collect(model, hardware, predictor, engine),
    ...(power && !power.ok ? power.issues : []),
    ...(model.ok ? checkpointPrecisionIssues(model.value, precisions) : []),
    ...(model.ok && inputTokens !== undefined && outputTokens !== undefined
      ? [contextLengthIssue(model.value, inputTokens + outputTokens, 'inputTokens')].filter(
          (i) => i !== undefined,
        )
      : []),
  ];
  if (!model.ok || !hardware.ok || !predictor.ok || !engine.ok || !power?.ok || issues.length > 0) {
    return { ok: false, exitCode: 2, issues };
  }
  hardware.value.hardware.gpu = power.value.gpu;
  const task = {
    requests: requests ?? (batchSize as number),
    batchSize: batchSize as number,
    inputTokens: inputTokens as number,
    outputTokens: outputTokens as number,
  };
  const request = {
    model: model.value,
    hardware: hardware.value.hardware,
    precision: precisions?.[0] ?? defaultPrecision(model.value),
    ...chosenKvCacheDtype(model.value, kvCacheDtype),
    task,
    predictor: predictor.value.predictor,
    billing: hardware.value.billing,
    gpuMemoryUtilization: gpuUtil,
    hostMemoryUtilization: hostUtil,
    ...(tensorParallel !== undefined ? { tensorParallel } : {}),
    ...(slo !== undefined ? { sloTokensPerSecond: slo } : {}),
    ...(predictor.value.calibration ? { calibration: predictor.value.calibration } : {}),
  };
  let result = predict(request);
  // Without KV offloading (vLLM's default; FlexGen's policy offloads), a batch whose KV does not fit runs
  // in waves: the engine admits what fits and queues the rest.
  const offloads = engine.value?.offload.mechanism === 'flexgen-policy';
  const waves =
    !offloads && !(result.ok && result.value.offloadFraction === 0)
      ? planWaves(request, result.ok ? result.value : undefined)
      : undefined;
  if (waves) {
    request.tensorParallel = waves.tensorParallel;
    request.task = { ...task, batchSize: waves.perReplica };
    result = predict(request);
  }
  if (!result.ok) {
    // A --tensor-parallel degree the hardware cannot take is bad input (2), not an infeasible plan (1).
    const badInput = result.issues.some((i) => i.code === 'invalid-tensor-parallel');
    return { ok: false, exitCode: badInput ? 2 : 1, issues: result.issues };
  }
  const c = result.value;
  const warnings = [...c.warnings, ...(waves ? [wavesWarning(waves)] : [])];
  if (request.hardware.kind === 'instance' && request.hardware.priceUsdPerHour === undefined) {
    warnings.push({ code: 'not-offered-in-region', details: { region: request.hardware.region } });
  }
  if (
    request.hardware.kind === 'gpus' &&
    !Number.isFinite(request.hardware.hostMemoryBytes) &&
    c.offloadFraction > 0
  ) {
    warnings.push({ code: 'host-memory-unchecked' });
  }
  warnings.push(
    ...calibrationRangeWarnings(predictor.value.calibration, {
      predictor: predictor.value.predictor.id,
      ...(request.hardware.kind === 'instance' ? { instance: request.hardware.instance.id } : {}),
      gpu: request.hardware.gpu.id,
      model: request.model.id,
      tensorParallel: c.tensorParallel,
      precision: c.precision,
      batchSize: task.batchSize,
      inputTokens: task.inputTokens,
      outputTokens: task.outputTokens,
    }),
  );
  let atConcurrency: ConcurrencyPrediction | undefined;
  if (concurrency !== undefined) {
    const efficiency = data.efficiency();
    if (!efficiency.ok) return { ok: false, exitCode: 2, issues: efficiency.issues };
    const simulated = predictAtConcurrency({
      model: request.model,
      hardware: servingHardware(request.hardware),
      precision: c.precision,
      kvCacheDtype: c.kvCacheDtype,
      tensorParallel: c.tensorParallel,
      concurrency,
      inputTokens: task.inputTokens,
      outputTokens: task.outputTokens,
      efficiency: efficiency.value,
      ...(request.calibration ? { calibration: request.calibration } : {}),
      ...(engine.value ? { engine: engine.value } : {}),
      gpuMemoryUtilization: gpuUtil,
      hostMemoryUtilization: hostUtil,
    });
    if (!simulated.ok) return { ok: false, exitCode: 1, issues: simulated.issues };
    atConcurrency = simulated.value;
    for (const w of simulated.value.warnings)
      if (!warnings.some((v) => v.code === w.code && JSON.stringify(v.details) === JSON.stringify(w.details)))
        warnings.push(w);
  }
  const uncertainty = uncertaintyOf(
    resolveUncertaintyModel(data, o, predictor.value.predictor.id, DEFAULT_MARGIN),
    {
      gpuId: request.hardware.gpu.id,
      tensorParallel: c.tensorParallel,
      precision: c.precision,
      prefillBatchTokens: request.task.batchSize * task.inputTokens,
      decodeBatch: request.task.batchSize,
      contextTokens: task.inputTokens + task.outputTokens,
    },
    bandExemptionOf(c.calibrated, c.warnings),
  );
  const bands = batchBands(c, uncertainty);
  warnings.push(...extrapolationWarnings(uncertainty));
  const energy = batchEnergy(power.value.context, c);
  const json = {
    schemaVersion: 1,
    model: model.value.id,
    predictor: predictor.value.predictor.id,
    calibration: predictor.value.calibration?.id ?? null,
    ...c,
    prefillBound: c.prefillBound,
    decodeBound: c.decodeBound,
    ...(atConcurrency
      ? {
          atConcurrency: {
            concurrency: atConcurrency.concurrency,
            requests: atConcurrency.requests,
            tensorParallel: atConcurrency.tensorParallel,
            ttftSeconds: atConcurrency.ttftSeconds,
            tpotSeconds: atConcurrency.tpotSeconds,
            e2eSeconds: atConcurrency.e2eSeconds,
            outputTokensPerSecond: atConcurrency.outputTokensPerSecond,
            meanBatchSize: atConcurrency.meanBatchSize,
            preemptions: atConcurrency.preemptions,
            measuredOverPredicted: latencyRatios(uncertainty) ?? null,
          },
        }
      : {}),
    uncertainty: uncertaintyJson(uncertainty, bands),
    waves: waves ?? null,
    energy,
    warnings: warnings.map(issueJson),
  };
  return {
    ok: true,
    candidate: c,
    warnings,
    sloTokensPerSecond: slo,
    json,
    energy,
    uncertainty,
    waves,
    bands,
    ...(atConcurrency ? { atConcurrency } : {}),
  };
}
