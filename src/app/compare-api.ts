import { z } from 'zod';
import type { ApiPrice } from '../catalog/api-prices-file.js';
import type { Calibration } from '../core/calibration.js';
import type { Catalog } from '../core/instance-type.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { ModelConfig } from '../core/model-config.js';
import type { Precision } from '../core/precision.js';
import {
  apiUsdPerMonth,
  blendedUsdPerMillionTokens,
  breakEvenAcross,
  cheapestFleetFor,
  HOURS_PER_MONTH,
  type SelfHostFleet,
  usdPerMillionByStage,
} from '../core/serving-economics.js';
import type { TimePredictor } from '../core/time-predictor.js';
import { selectClouds } from './cloud-selection.js';
import { didYouMean } from './did-you-mean.js';
import type { IssueJson } from './issue-json.js';
import { type PricingOption, type SelfHostOption, selfHostOptions } from './self-host-option.js';

/** `infersave compare-api` / `POST /v1/compare-api`: the request, with its defaults (the one place they live). */
export const compareApiRequestSchema = z.strictObject({
  clouds: z.array(z.string().min(1)).optional(),
  regions: z.array(z.string().min(1)).optional(),
  /** Self-hosting prices to compare (reserved exists where the catalog has it: AWS 1-year). */
  pricing: z
    .array(z.enum(['on-demand', 'reserved', 'spot']))
    .min(1)
    .default(['on-demand', 'reserved']),
  instances: z.array(z.string().min(1)).default([]),
  inputTokens: z.int().positive(),
  outputTokens: z.int().positive(),
  batchSize: z.int().positive(),
  /** Hosted API models by LiteLLM id (data/v1/api-prices.json). */
  apiModels: z.array(z.string().min(1)).default([]),
  /** Or one API price given directly (both needed). */
  apiUsdPerMillionInput: z.number().finite().optional(),
  apiUsdPerMillionOutput: z.number().finite().optional(),
  /** Monthly volume to cost, as input + output tokens or as a steady request rate. */
  tokensPerMonth: z.number().positive().optional(),
  requestsPerSecond: z.number().positive().optional(),
  /** Highest share of a replica's throughput to plan on (headroom for bursts and latency). */
  maxUtilization: z.number().gt(0).lte(1).default(1),
  hoursPerMonth: z.number().positive().default(HOURS_PER_MONTH),
  curvePoints: z.int().min(2).max(1000).default(41),
});

export type CompareApiRequest = z.input<typeof compareApiRequestSchema>;

export interface CompareApiContext {
  model: ModelConfig;
  catalogs: Catalog[];
  apiPrices: ApiPrice[];
  predictor: TimePredictor;
  calibration?: Calibration;
  precisions: Precision[];
  gpuMemoryUtilization: number;
  hostMemoryUtilization: number;
}

export interface SelfHostEconomics {
  option: SelfHostOption;
  inputUsdPerMillionTokens: number;
  outputUsdPerMillionTokens: number;
  /** Every replica at `maxUtilization`. */
  fullLoadUsdPerMillionTokens: number;
  replicaTokensPerMonth: number;
  replicaUsdPerMonth: number;
}

/** Where self-hosting (any one instance type, whole instances) stops costing more than an API. */
export interface ApiBreakEven {
  /** Smallest monthly volume at which some instance type costs no more; absent: never. */
  firstTokensPerMonth?: number;
  /** The instance type that breaks even first. */
  firstInstance?: string;
  /** Volume from which self-hosting is never dearer again (absent: gaps never close). */
  alwaysTokensPerMonth?: number;
}

export interface ApiComparison {
  id: string;
  provider: string;
  asOf?: string;
  inputUsdPerMillionTokens: number;
  outputUsdPerMillionTokens: number;
  blendedUsdPerMillionTokens: number;
  breakEven: Partial<Record<PricingOption, ApiBreakEven>>;
}

export interface CompareApiResult {
  schemaVersion: 1;
  model: string;
  workload: { inputTokens: number; outputTokens: number; batchSize: number };
  clouds: string[];
  regions: Record<string, string>;
  hoursPerMonth: number;
  maxUtilization: number;
  /** Per pricing, the instance type cheapest per token at full load. */
  selfHost: SelfHostEconomics[];
  /** Instance types that can serve the workload, per pricing (break-even and monthly cost use them all). */
  candidateCount: Partial<Record<PricingOption, number>>;
  /** Pricing options no selected cloud offers for this workload. */
  unavailablePricing: PricingOption[];
  /** Clouds `--region` left out of the search (selectClouds). */
  warnings: Issue[];
  apis: ApiComparison[];
  monthly?: {
    tokensPerMonth: number;
    selfHost: {
      pricing: PricingOption;
      instance: string;
      replicas: number;
      utilization: number;
      usdPerMonth: number;
    }[];
    apis: { id: string; usdPerMonth: number }[];
  };
  curve: {
    tokensPerMonth: number;
    selfHostUsd: Partial<Record<PricingOption, number>>;
    apiUsd: Record<string, number>;
  }[];
}

function apiComparisons(
  request: z.output<typeof compareApiRequestSchema>,
  prices: ApiPrice[],
): Result<Omit<ApiComparison, 'blendedUsdPerMillionTokens' | 'breakEven'>[]> {
  const issues: Issue[] = [];
  const out: Omit<ApiComparison, 'blendedUsdPerMillionTokens' | 'breakEven'>[] = [];
  const byId = new Map(prices.map((price) => [price.id, price]));
  for (const id of request.apiModels) {
    const price = byId.get(id);
    if (!price) {
      const suggestion = didYouMean(id, [...byId.keys()]);
      issues.push({
        code: 'unknown-api-model',
        path: 'apiModel',
        details: { value: id, ...(suggestion ? { suggestion } : {}) },
      });
      continue;
    }
    out.push({
      id,
      provider: price.provider,
      asOf: price.asOf,
      inputUsdPerMillionTokens: price.inputUsdPerMillionTokens,
      outputUsdPerMillionTokens: price.outputUsdPerMillionTokens,
    });
  }
  const { apiUsdPerMillionInput: input, apiUsdPerMillionOutput: output } = request;
  if (input !== undefined || output !== undefined) {
    if (input === undefined || output === undefined) {
      issues.push({
        code: 'invalid-option',
        path: input === undefined ? 'apiUsdPerMillionInput' : 'apiUsdPerMillionOutput',
        message: 'give both the input and the output price per million tokens',
      });
    }
    for (const [flag, value] of [
      ['apiUsdPerMillionInput', input],
      ['apiUsdPerMillionOutput', output],
    ] as const) {
      if (value !== undefined && !(value > 0))
        issues.push({ code: 'api-price-not-positive', path: flag, details: { value } });
    }
    if (input !== undefined && output !== undefined && input > 0 && output > 0) {
      out.push({
        id: 'your API price',
        provider: 'user',
        inputUsdPerMillionTokens: input,
        outputUsdPerMillionTokens: output,
      });
    }
  }
  if (out.length === 0 && issues.length === 0) {
    issues.push({
      code: 'missing-option',
      path: 'apiModel',
      message:
        'name hosted API models ({{apiModel}} together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo) or give {{apiUsdPerMillionInput}} and {{apiUsdPerMillionOutput}}',
    });
  }
  return issues.length > 0 ? fail(...issues) : ok(out);
}

/** Self-hosting vs hosted APIs: $/M input and output, monthly cost, break-even volumes and the cost curve. */
export function compareApi(raw: CompareApiRequest, context: CompareApiContext): Result<CompareApiResult> {
  const parsed = compareApiRequestSchema.safeParse(raw);
  if (!parsed.success) {
    return fail(
      ...parsed.error.issues.map((i) => ({
        code: 'invalid-option',
        path: i.path.join('.'),
        message: i.message,
      })),
    );
  }
  const request = parsed.data;
  const selection = selectClouds(context.catalogs, request.clouds, request.regions);
  const apis = apiComparisons(request, context.apiPrices);
  const issues = [...(selection.ok ? [] : selection.issues), ...(apis.ok ? [] : apis.issues)];
  if (request.tokensPerMonth !== undefined && request.requestsPerSecond !== undefined) {
    issues.push({
      code: 'invalid-option',
      path: 'requestsPerSecond',
      message: 'give the monthly volume as {{tokensPerMonth}} or {{requestsPerSecond}}, not both',
    });
  }
  if (!selection.ok || !apis.ok || issues.length > 0) return fail(...issues);
  const { inputTokens, outputTokens, batchSize } = request;
  const selfHost: SelfHostEconomics[] = [];
  const unavailablePricing: PricingOption[] = [];
  let lastReason: Issue | undefined;
  const fleetsByPricing = new Map<PricingOption, { options: SelfHostOption[]; fleets: SelfHostFleet[] }>();
  const fleetOf = (o: SelfHostOption): SelfHostFleet => ({
    replicaUsdPerHour: o.usdPerHour,
    replicaTokensPerMonth: o.tokensPerSecond * request.maxUtilization * 3600 * request.hoursPerMonth,
    hoursPerMonth: request.hoursPerMonth,
  });
  for (const pricing of request.pricing) {
    const found = selfHostOptions({
      model: context.model,
      selection: selection.value,
      inputTokens,
      outputTokens,
      batchSize,
      precisions: context.precisions,
      instancePatterns: request.instances,
      pricing,
      predictor: context.predictor,
      ...(context.calibration ? { calibration: context.calibration } : {}),
      gpuMemoryUtilization: context.gpuMemoryUtilization,
      hostMemoryUtilization: context.hostMemoryUtilization,
    });
    const option = found.options[0];
    lastReason = found.rejected[0]?.reason ?? lastReason;
    if (!option) {
      unavailablePricing.push(pricing);
      continue;
    }
    fleetsByPricing.set(pricing, { options: found.options, fleets: found.options.map(fleetOf) });
    const batchInput = batchSize * inputTokens;
    const batchOutput = batchSize * outputTokens;
    const stage = usdPerMillionByStage(option.usdPerHour, {
      prefillSeconds: option.prefillSeconds,
      decodeSeconds: option.decodeSeconds,
      inputTokens: batchInput,
      outputTokens: batchOutput,
    });
    const replicaTokensPerMonth =
      option.tokensPerSecond * request.maxUtilization * 3600 * request.hoursPerMonth;
    const replicaUsdPerMonth = option.usdPerHour * request.hoursPerMonth;
    selfHost.push({
      option,
      // The instance runs `replicas` engines at once, each a batch at a time; idle time is paid too, so
      // the stage prices are divided by the planned utilisation.
      inputUsdPerMillionTokens: stage.inputUsdPerMillionTokens / option.replicas / request.maxUtilization,
      outputUsdPerMillionTokens: stage.outputUsdPerMillionTokens / option.replicas / request.maxUtilization,
      fullLoadUsdPerMillionTokens: (replicaUsdPerMonth / replicaTokensPerMonth) * 1e6,
      replicaTokensPerMonth,
      replicaUsdPerMonth,
    });
  }
  if (selfHost.length === 0) {
    return fail({
      code: 'no-self-host-option',
      details: {
        clouds: selection.value.providers,
        model: context.model.id,
        reason: lastReason?.code ?? 'no priced instance',
      },
    });
  }
  const comparisons: ApiComparison[] = apis.value.map((api) => {
    const blended = blendedUsdPerMillionTokens(
      api.inputUsdPerMillionTokens,
      api.outputUsdPerMillionTokens,
      inputTokens,
      outputTokens,
    );
    const be: Partial<Record<PricingOption, ApiBreakEven>> = {};
    for (const [pricing, { options, fleets }] of fleetsByPricing) {
      const across = breakEvenAcross(fleets, blended);
      const first = across.firstFleet === undefined ? undefined : options[across.firstFleet];
      be[pricing] = {
        ...(across.firstTokensPerMonth !== undefined
          ? { firstTokensPerMonth: across.firstTokensPerMonth }
          : {}),
        ...(first ? { firstInstance: first.instance } : {}),
        ...(across.alwaysTokensPerMonth !== undefined
          ? { alwaysTokensPerMonth: across.alwaysTokensPerMonth }
          : {}),
      };
    }
    return { ...api, blendedUsdPerMillionTokens: blended, breakEven: be };
  });
  const volume =
    request.tokensPerMonth ??
    (request.requestsPerSecond !== undefined
      ? request.requestsPerSecond * (inputTokens + outputTokens) * 3600 * request.hoursPerMonth
      : undefined);
  const monthly =
    volume === undefined
      ? undefined
      : {
          tokensPerMonth: volume,
          selfHost: [...fleetsByPricing].map(([pricing, { options, fleets }]) => {
            const best = cheapestFleetFor(fleets, volume);
            const fleet = fleets[best.fleet] as SelfHostFleet;
            return {
              pricing,
              instance: options[best.fleet]?.instance ?? '',
              replicas: best.replicas,
              utilization: (volume / (best.replicas * fleet.replicaTokensPerMonth)) * request.maxUtilization,
              usdPerMonth: best.usdPerMonth,
            };
          }),
          apis: comparisons.map((api) => ({
            id: api.id,
            usdPerMonth: apiUsdPerMonth(api.blendedUsdPerMillionTokens, volume),
          })),
        };
  const reach = [
    volume ?? 0,
    ...selfHost.map((s) => 3 * s.replicaTokensPerMonth),
    ...comparisons.flatMap((api) =>
      Object.values(api.breakEven).map((b) => 1.5 * (b.alwaysTokensPerMonth ?? b.firstTokensPerMonth ?? 0)),
    ),
  ];
  const top = Math.max(...reach);
  const curve = Array.from({ length: request.curvePoints }, (_, index) => {
    const tokensPerMonth = (top * index) / (request.curvePoints - 1);
    const selfHostUsd: Partial<Record<PricingOption, number>> = {};
    for (const [pricing, { fleets }] of fleetsByPricing)
      selfHostUsd[pricing] = cheapestFleetFor(fleets, tokensPerMonth).usdPerMonth;
    return {
      tokensPerMonth,
      selfHostUsd,
      apiUsd: Object.fromEntries(
        comparisons.map((api) => [api.id, apiUsdPerMonth(api.blendedUsdPerMillionTokens, tokensPerMonth)]),
      ),
    };
  });
  return ok({
    schemaVersion: 1,
    model: context.model.id,
    workload: { inputTokens, outputTokens, batchSize },
    clouds: selection.value.providers,
    regions: selection.value.regionByProvider,
    hoursPerMonth: request.hoursPerMonth,
    maxUtilization: request.maxUtilization,
    selfHost,
    candidateCount: Object.fromEntries([...fleetsByPricing].map(([p, f]) => [p, f.options.length])),
    unavailablePricing,
    apis: comparisons,
    ...(monthly ? { monthly } : {}),
    curve,
    warnings: selection.value.warnings,
  });
}

/** `compare-api --json` and POST /v1/compare-api: the result with each warning's sentence. */
export type CompareApiJson = Omit<CompareApiResult, 'warnings'> & { warnings: IssueJson[] };
