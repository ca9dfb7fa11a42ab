import type { GpuSpec } from './gpu-spec.js';
import type { Issue } from './issue.js';
import type { EfficiencyProfile } from './operator-work.js';
import { PCIE_ACHIEVABLE_FRACTION } from './pcie-efficiency.js';

/**
 * All-reduce latency and bus bandwidth for `tensorParallel` GPUs: the GPU's fitted figure for that count
 * (else the fallback's, else the nearest measured count). Without NVLink the bandwidth is capped by the
 * PCIe link, with a warning: the fitted figures come from NVLink machines.
 */
export function allReduceCost(
  profile: EfficiencyProfile,
  fallback: EfficiencyProfile,
  gpu: GpuSpec,
  tensorParallel: number,
  interconnect: 'nvlink' | 'pcie' | 'none',
  warnings: Issue[],
): { latencySeconds: number; busBytesPerSecond: number } {
  const n = tensorParallel;
  const measured = profile.allReduce[String(n)] ?? fallback.allReduce[String(n)];
  const table = Object.keys(profile.allReduce).length > 0 ? profile.allReduce : fallback.allReduce;
  const nearest = measured ??
    Object.entries(table)
      .sort((a, b) => Math.abs(Number(a[0]) - n) - Math.abs(Number(b[0]) - n))
      .map((e) => e[1])[0] ?? { latencySeconds: 0, busBytesPerSecond: gpu.hostToDeviceBytesPerSecond };
  if (n > 1 && interconnect !== 'nvlink') {
    warnings.push({ code: 'allreduce-over-pcie-estimated', details: { gpu: gpu.id, tensorParallel: n } });
    const pcie = gpu.hostToDeviceBytesPerSecond * PCIE_ACHIEVABLE_FRACTION;
    return {
      latencySeconds: nearest.latencySeconds,
      busBytesPerSecond: Math.min(nearest.busBytesPerSecond, pcie),
    };
  }
  return nearest;
}

/**
 * One ring all-reduce of `bytes` over `tensorParallel` GPUs: latency + bytes·2(n−1)/n / bus bandwidth
 * (NCCL's bus-bandwidth convention); 0 on one GPU or for an empty message.
 */
export function allReduceSeconds(
  cost: { latencySeconds: number; busBytesPerSecond: number },
  tensorParallel: number,
  bytes: number,
): number {
  const n = tensorParallel;
  if (n <= 1 || bytes === 0) return 0;
  return cost.latencySeconds + (bytes * 2 * (n - 1)) / n / cost.busBytesPerSecond;
}
