/**
 * Which GCP machine types take which GPUs, as SkyPilot's GCP catalog code encodes GCP's documented rules
 * (skypilot-org/skypilot sky/catalog/gcp_catalog.py: `_ACC_INSTANCE_TYPE_DICTS`, `_NUM_ACC_TO_NUM_CPU`,
 * `_NUM_ACC_TO_MAX_CPU_AND_MEMORY`; GCP "GPU machine types", https://cloud.google.com/compute/docs/gpus).
 *
 * - A100, A100-80GB, H100, H100-MEGA, H200, B200 and L4 come pre-attached to accelerator-optimized
 *   machine types (A2, A3, A4, G2): each such type has one fixed GPU count.
 * - T4, V100, P4 and P100 attach to N1 general-purpose hosts, within a maximum of vCPUs and memory per
 *   GPU count; SkyPilot's default host is the cheapest n1-standard/highmem/highcpu type with at least
 *   `defaultVcpus` vCPUs and 4 GiB per vCPU.
 */
export const GCP_ATTACH_RULES_SOURCE = {
  title:
    'SkyPilot GCP catalog code (sky/catalog/gcp_catalog.py): GPU → machine-type rules, N1 attach limits and default hosts, after GCP’s "GPU machine types" documentation',
  url: 'https://github.com/skypilot-org/skypilot/blob/master/sky/catalog/gcp_catalog.py',
};

/** Accelerator → GPU count → machine types it comes attached to. */
export const GCP_ACCELERATOR_MACHINE_TYPES: Readonly<
  Record<string, Readonly<Record<number, readonly string[]>>>
> = {
  A100: {
    1: ['a2-highgpu-1g'],
    2: ['a2-highgpu-2g'],
    4: ['a2-highgpu-4g'],
    8: ['a2-highgpu-8g'],
    16: ['a2-megagpu-16g'],
  },
  'A100-80GB': { 1: ['a2-ultragpu-1g'], 2: ['a2-ultragpu-2g'], 4: ['a2-ultragpu-4g'], 8: ['a2-ultragpu-8g'] },
  L4: {
    1: ['g2-standard-4', 'g2-standard-8', 'g2-standard-12', 'g2-standard-16', 'g2-standard-32'],
    2: ['g2-standard-24'],
    4: ['g2-standard-48'],
    8: ['g2-standard-96'],
  },
  H100: { 1: ['a3-highgpu-1g'], 2: ['a3-highgpu-2g'], 4: ['a3-highgpu-4g'], 8: ['a3-highgpu-8g'] },
  'H100-MEGA': { 8: ['a3-megagpu-8g'] },
  H200: { 8: ['a3-ultragpu-8g'] },
  B200: { 8: ['a4-highgpu-8g'] },
};

/** The accelerator and count a machine type comes with, if it is accelerator-optimized. */
export function attachedAccelerator(machineType: string): { name: string; count: number } | undefined {
  for (const [name, byCount] of Object.entries(GCP_ACCELERATOR_MACHINE_TYPES)) {
    for (const [count, types] of Object.entries(byCount)) {
      if (types.includes(machineType)) return { name, count: Number(count) };
    }
  }
  return undefined;
}

/** N1 host families that may take attached GPUs (n2 and others may not). */
export const GCP_N1_HOST_FAMILIES = ['n1-standard', 'n1-highmem', 'n1-highcpu'] as const;

/** GPU count → SkyPilot's default host vCPUs, for GPUs that attach to N1 hosts. */
export const GCP_N1_DEFAULT_VCPUS: Readonly<Record<string, Readonly<Record<number, number>>>> = {
  V100: { 1: 8, 2: 16, 4: 32, 8: 64 },
  T4: { 1: 4, 2: 8, 4: 48 },
  P100: { 1: 8, 2: 16, 4: 32, 8: 64 },
  P4: { 1: 8, 2: 16, 4: 32, 8: 64 },
};

/** SkyPilot's default host memory: at least this many GiB per vCPU. */
export const GCP_N1_DEFAULT_GIB_PER_VCPU = 4;

/** GPU count → (max vCPUs, max memory GB) of an N1 host, per GCP's attach limits. */
export const GCP_N1_MAX_HOST: Readonly<Record<string, Readonly<Record<number, readonly [number, number]>>>> =
  {
    V100: { 1: [12, 78], 2: [24, 156], 4: [48, 312], 8: [96, 624] },
    T4: { 1: [48, 312], 2: [48, 312], 4: [96, 624] },
    P4: { 1: [24, 156], 2: [48, 312], 4: [96, 624] },
    P100: { 1: [16, 104], 2: [32, 208], 4: [96, 624] },
  };

export interface N1Host {
  machineType: string;
  vcpus: number;
  memoryGiB: number;
  priceUsdPerHour: number;
}

/**
 * SkyPilot's default N1 host for `count` × `accelerator` among the hosts of one zone: the cheapest
 * n1-standard/highmem/highcpu type with enough vCPUs and memory that stays within GCP's attach limit.
 */
export function defaultN1Host(
  accelerator: string,
  count: number,
  hosts: readonly N1Host[],
): N1Host | undefined {
  const vcpus = GCP_N1_DEFAULT_VCPUS[accelerator]?.[count];
  const limit = GCP_N1_MAX_HOST[accelerator]?.[count];
  if (vcpus === undefined || limit === undefined) return undefined;
  const [maxVcpus, maxMemory] = limit;
  const fits = hosts.filter(
    (host) =>
      GCP_N1_HOST_FAMILIES.some((family) => host.machineType.startsWith(`${family}-`)) &&
      host.vcpus >= vcpus &&
      host.memoryGiB >= vcpus * GCP_N1_DEFAULT_GIB_PER_VCPU &&
      host.vcpus <= maxVcpus &&
      host.memoryGiB <= maxMemory,
  );
  return fits.sort(
    (a, b) => a.priceUsdPerHour - b.priceUsdPerHour || (a.machineType < b.machineType ? -1 : 1),
  )[0];
}
