import type { GpuSpec } from './gpu-spec.js';
import type { Source } from './source.js';

export interface RegionPrice {
  region: string;
  onDemandUsdPerHour: number;
  /** One-year, no-upfront reserved price where the source gives one. */
  reservedUsdPerHour?: number;
  /** Spot (preemptible) price where the source gives one. */
  spotUsdPerHour?: number;
  /** Zones of the region offering this price, where the source lists zones. */
  zones?: string[];
}

/** What to ask the provider for: its machine type and accelerator name (SkyPilot's names). */
export interface LaunchSpec {
  instanceType: string;
  acceleratorName: string;
  acceleratorCount: number;
}

export const CPU_ARCHITECTURES = ['x86_64', 'arm64'] as const;
/** What the serving container must be built for: vLLM's images and wheels differ per architecture. */
export type CpuArchitecture = (typeof CPU_ARCHITECTURES)[number];

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
  /** The host CPU's instruction set; absent: x86_64 (data/v1/clouds marks every arm64 type, with its source). */
  cpuArchitecture?: CpuArchitecture;
  prices: RegionPrice[];
  /** When launching needs more than `id` (a GCP host with attached GPUs), what to ask for. */
  launch?: LaunchSpec;
  /** How this instance's provider bills running time. */
  billing: BillingRule;
  /** ISO date this instance's prices were taken. */
  asOf: string;
  sources: Source[];
}

/** How a provider bills running time. */
export type BillingRule = { kind: 'hourly' } | { kind: 'per-second'; minimumSeconds: number };

/** A priced set of instances and the GPUs they use, as of one date. */
export interface Catalog {
  id: string;
  description: string;
  /** `cloud`: a provider's current prices (selectable with `--cloud`); `snapshot`: named only with `--catalog`. */
  role: 'cloud' | 'snapshot';
  /** A cloud selected only when named (not in the default `--cloud` set). */
  optIn: boolean;
  /** ISO date the prices were taken. */
  asOf: string;
  billing: BillingRule;
  defaultRegion: string;
  gpus: GpuSpec[];
  instances: InstanceType[];
  sources: Source[];
}
