import type { GpuSpec } from './gpu-spec.js';
import type { Source } from './source.js';

export interface RegionPrice {
  region: string;
  onDemandUsdPerHour: number;
  /** One-year, no-upfront reserved price where the source gives one. */
  reservedUsdPerHour?: number;
}

/** A rentable machine: some GPUs of one kind plus host CPU and RAM. */
export interface InstanceType {
  /** e.g. `g5.xlarge`. */
  id: string;
  provider: string;
  gpuId: string;
  gpuCount: number;
  vcpus: number;
  hostMemoryBytes: number;
  /** How the GPUs talk to each other: NVLink/NVSwitch or only over PCIe. */
  gpuInterconnect: 'nvlink' | 'pcie' | 'none';
  prices: RegionPrice[];
  sources: Source[];
}

/** How a provider bills running time. */
export type BillingRule = { kind: 'hourly' } | { kind: 'per-second'; minimumSeconds: number };

/** A priced set of instances and the GPUs they use, as of one date. */
export interface Catalog {
  id: string;
  description: string;
  /** ISO date the prices were taken. */
  asOf: string;
  billing: BillingRule;
  defaultRegion: string;
  gpus: GpuSpec[];
  instances: InstanceType[];
  sources: Source[];
}
