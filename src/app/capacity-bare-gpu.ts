import type { GpuSpec } from '../core/gpu-spec.js';
import type { Catalog, InstanceType } from '../core/instance-type.js';
import { fail, ok, type Result } from '../core/issue.js';
import { gpuLabel, type MigSliceInfo } from '../core/mig-slice-gpu.js';
import { resolveGpuHourPrice } from './gpu-hour-price.js';
import { lookupById } from './lookup.js';
import { resolveMigSlice } from './mig-slice.js';
import type { OptionReader } from './option-reader.js';
import type { PlannerData } from './planner-data.js';

/**
 * `capacity --gpu G [--mig P]`: one GPU, or one MIG slice of it, as the hardware, priced at
 * --usd-per-gpu-hour (else the cheapest catalog instance with it ÷ its GPUs) × the slice's share — a
 * one-GPU "instance" the capacity sweep treats like any other (no host RAM to swap to, no peers).
 */
export function bareGpuHardware(
  o: OptionReader,
  data: PlannerData,
  catalog: Catalog,
  region: string,
): Result<{ instance: InstanceType; gpu: GpuSpec; priceSource: string }> | undefined {
  const gpuId = o.text('gpu');
  const migName = o.text('mig');
  if (gpuId === undefined) {
    return migName === undefined ? undefined : fail({ code: 'mig-needs-gpu', path: 'mig' });
  }
  if (o.text('instance') !== undefined || o.list('instances').length > 0)
    return fail({
      code: 'invalid-option',
      path: 'gpu',
      message: 'give {{gpu}} or {{instance}}(s), not both',
    });
  const gpus = data.gpus();
  if (!gpus.ok) return gpus;
  const whole = lookupById(gpus.value, gpuId, 'unknown-gpu-id', 'gpu');
  if (!whole.ok) return whole;
  let gpu: GpuSpec = whole.value;
  if (migName !== undefined) {
    const migGpus = data.migGpus();
    if (!migGpus.ok) return migGpus;
    const slice = resolveMigSlice(migGpus.value, whole.value, migName);
    if (!slice.ok) return slice;
    gpu = slice.value;
  }
  const price = resolveGpuHourPrice(
    o.positiveNumber('usdPerGpuHour'),
    catalog,
    whole.value.id,
    'usdPerGpuHour',
  );
  if (!price.ok) return price;
  const share = (gpu as { mig?: MigSliceInfo }).mig?.priceShare ?? 1;
  return ok({
    gpu,
    priceSource: `${price.value.source}${share < 1 ? ` × ${share} (the slice's share)` : ''}`,
    instance: {
      id: gpuLabel(gpu),
      provider: 'bare GPU',
      gpuId: whole.value.id,
      gpuCount: 1,
      vcpus: 0,
      hostMemoryBytes: Number.POSITIVE_INFINITY,
      gpuInterconnect: 'none',
      prices: [{ region, onDemandUsdPerHour: price.value.usdPerHour * share }],
      billing: { kind: 'per-second', minimumSeconds: 0 },
      asOf: catalog.asOf,
      sources: [],
    },
  });
}
