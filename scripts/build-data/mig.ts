import type { Source } from '../../src/core/source.js';
import type { SharedData } from './shared-data.js';

/**
 * data/v1/mig.json from the shared MIG data (gpu-specs/mig/, see its README): per catalog GPU, its MIG
 * GPU-instance profiles with memory, SMs, the placement rule, the fractions the planner scales the GPU by,
 * and NVIDIA's known-valid mixed layout. Every derived number is computed here and documented in
 * data/README.md and docs/oasis.md.
 */

const MIG_DIR = 'gpu-specs/mig';
const CITE = {
  profiles: {
    title:
      'shared data gpu-specs/mig/mig_profiles.csv (NVIDIA mig-parted config-default.yaml, nvidia-smi mig -lgip outputs, NVIDIA MIG User Guide)',
    url: 'https://github.com/NVIDIA/mig-parted',
  },
  layouts: {
    title:
      'shared data gpu-specs/mig/mig_all_balanced_configs.csv (NVIDIA mig-parted config-default.yaml, all-balanced)',
    url: 'https://github.com/NVIDIA/mig-parted',
  },
  guide: {
    title:
      'NVIDIA Multi-Instance GPU User Guide: Supported MIG Profiles (profiles and their possible placements)',
    url: 'https://docs.nvidia.com/datacenter/tesla/mig-user-guide/supported-mig-profiles.html',
  },
  nvml: {
    title:
      'NVML nvmlDeviceGetGpuInstancePossiblePlacements_v2: a GPU instance occupies the memory slices of its placement; creating one fails on overlap',
    url: 'https://docs.nvidia.com/deploy/nvml-api/group__nvmlMultiInstanceGPU.html',
  },
  lgipp: {
    title:
      'nvidia-smi mig -lgipp on 7-slice GPUs (H100, H100 NVL, A100): 1g {0..6}:1, 1g two-memory-slice {0,2,4,6}:2, 2g {0,2,4}:2, 3g {0,4}:4, 4g {0}:4, 7g {0}:8',
    url: 'https://docs.nvidia.com/datacenter/tesla/mig-user-guide/getting-started-with-mig.html',
  },
  ampereWhitepaper: {
    title: 'NVIDIA A100 Tensor Core GPU Architecture whitepaper: A100 has 108 SMs',
    url: 'https://images.nvidia.com/aem-dam/en-zz/Solutions/data-center/nvidia-ampere-architecture-whitepaper.pdf',
  },
  h100Datasheet: {
    title: 'NVIDIA H100 Tensor Core GPU datasheet / architecture: H100 SXM5 132 SMs, H100 PCIe 114 SMs',
    url: 'https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet',
  },
} satisfies Record<string, Source>;

/** Which shared-data GPU family backs each catalog GPU, and the full GPU's SM count where one is cited. */
const GPU_MAP: {
  gpuId: string;
  family: string;
  layoutFamily: string;
  fullSmCount?: number;
  smSource?: Source;
  /** Take per-profile SM counts from another family (same chip), saying so. */
  smProxyFamily?: string;
}[] = [
  {
    gpuId: 'A100-40GB',
    family: 'A100-40GB (SXM4/PCIe; A800-40GB)',
    layoutFamily: 'A100-40GB, A800-40GB',
    fullSmCount: 108,
    smSource: CITE.ampereWhitepaper,
  },
  {
    gpuId: 'A100-80GB',
    family: 'A100-80GB (SXM4/PCIe; A800-80GB)',
    layoutFamily: 'H100-80GB, H800-80GB, A100-80GB, A800-80GB',
    fullSmCount: 108,
    smSource: CITE.ampereWhitepaper,
  },
  {
    gpuId: 'H100-SXM',
    family: 'H100-80GB (SXM5/PCIe; H800-80GB)',
    layoutFamily: 'H100-80GB, H800-80GB, A100-80GB, A800-80GB',
    fullSmCount: 132,
    smSource: CITE.h100Datasheet,
    smProxyFamily: 'H200-141GB (SXM; H200 NVL)',
  },
  {
    gpuId: 'H100-PCIe',
    family: 'H100-80GB (SXM5/PCIe; H800-80GB)',
    layoutFamily: 'H100-80GB, H800-80GB, A100-80GB, A800-80GB',
  },
  {
    gpuId: 'H200',
    family: 'H200-141GB (SXM; H200 NVL)',
    layoutFamily: 'H200 141GB, H200 NVL',
    fullSmCount: 132,
    smSource: CITE.h100Datasheet,
  },
  { gpuId: 'B200', family: 'B200-180GB', layoutFamily: 'B200' },
];

/** Placement by (compute slices, memory slices) on a GPU of 7 compute and 8 memory slices (`-lgipp`). */
const PLACEMENTS_7_OF_8: Record<string, { startSlices: number[]; sizeSlices: number }> = {
  '1/1': { startSlices: [0, 1, 2, 3, 4, 5, 6], sizeSlices: 1 },
  '1/2': { startSlices: [0, 2, 4, 6], sizeSlices: 2 },
  '2/2': { startSlices: [0, 2, 4], sizeSlices: 2 },
  '3/4': { startSlices: [0, 4], sizeSlices: 4 },
  '4/4': { startSlices: [0], sizeSlices: 4 },
  '7/8': { startSlices: [0], sizeSlices: 8 },
};

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

export interface MigProfileEntry {
  name: string;
  computeSlices: number;
  memorySlices: number;
  memoryGiB: number;
  smCount?: number;
  maxInstances: number;
  placement: { startSlices: number[]; sizeSlices: number };
  computeFraction: number;
  memoryBandwidthFraction: number;
  priceShare: number;
  estimated: string[];
  sources: Source[];
}

export function buildMig(shared: SharedData, gpuMemoryGiB: Record<string, number>) {
  const rows = shared.csv(`${MIG_DIR}/mig_profiles.csv`);
  const layouts = shared.csv(`${MIG_DIR}/mig_all_balanced_configs.csv`);
  return GPU_MAP.map((g) => {
    const familyRows = rows.filter((r) => r.gpu === g.family);
    if (familyRows.length === 0) throw new Error(`no MIG rows for ${g.family}`);
    const totalCompute = Number(familyRows[0]?.total_compute_slices);
    if (totalCompute !== 7)
      throw new Error(`${g.family}: only 7-slice GPUs are mapped (got ${totalCompute})`);
    const totalMemory = 8;
    const full = familyRows.find((r) => Number(r.compute_slices) === totalCompute);
    const fullNameGB = Number(full?.memory_gb_in_name);
    const proxyRows = g.smProxyFamily ? rows.filter((r) => r.gpu === g.smProxyFamily) : [];
    const profiles: MigProfileEntry[] = familyRows.map((r) => {
      const computeSlices = Number(r.compute_slices);
      const memorySlices = Math.round((Number(r.memory_gb_in_name) / fullNameGB) * totalMemory);
      const placement = PLACEMENTS_7_OF_8[`${computeSlices}/${memorySlices}`];
      if (!placement)
        throw new Error(`${g.family} ${r.profile}: no placement for ${computeSlices}/${memorySlices}`);
      const estimated: string[] = [];
      const sources: Source[] = [CITE.profiles];
      let memoryGiB: number;
      if (r.reported_memory_gib) memoryGiB = Number(r.reported_memory_gib);
      else {
        if (gpuMemoryGiB[g.gpuId] === undefined) throw new Error(`${g.gpuId}: gpus.json gives no memoryGiB`);
        memoryGiB = round4(((gpuMemoryGiB[g.gpuId] as number) * memorySlices) / totalMemory);
        estimated.push(
          `memoryGiB: no nvidia-smi report; ${memorySlices}/${totalMemory} of the GPU's nominal memory, an upper bound (usable memory is a few % lower)`,
        );
      }
      let smCount: number | undefined = r.reported_sm_count ? Number(r.reported_sm_count) : undefined;
      if (smCount === undefined && proxyRows.length > 0) {
        const proxy = proxyRows.find(
          (p) => Number(p.compute_slices) === computeSlices && p.reported_sm_count,
        );
        if (proxy) {
          smCount = Number(proxy.reported_sm_count);
          estimated.push(
            `smCount: from the same-size H200 profile ${proxy.profile} (same GH100 chip, 132 SMs); no nvidia-smi report for this GPU`,
          );
        }
      }
      let computeFraction: number;
      if (smCount !== undefined && g.fullSmCount !== undefined) {
        computeFraction = round4(smCount / g.fullSmCount);
        if (g.smSource) sources.push(g.smSource);
      } else {
        computeFraction = round4(computeSlices / totalCompute);
        estimated.push(
          `computeFraction: ${computeSlices}/${totalCompute} compute slices (no SM count for ${smCount === undefined ? 'this profile' : 'the full GPU'}; SMs per slice are uneven on GPUs where they are reported)`,
        );
      }
      if (r.note?.includes('PR187')) estimated.push(`memoryGiB: ${r.note}`);
      const entry: MigProfileEntry = {
        name: r.profile as string,
        computeSlices,
        memorySlices,
        memoryGiB,
        maxInstances: Number(r.max_instances),
        placement,
        computeFraction,
        memoryBandwidthFraction: round4(memorySlices / totalMemory),
        priceShare: round4(Math.max(computeSlices / totalCompute, memorySlices / totalMemory)),
        estimated,
        sources,
      };
      if (smCount !== undefined) entry.smCount = smCount;
      return entry;
    });
    const balanced: Record<string, number> = {};
    for (const l of layouts.filter((x) => x.gpus_per_yaml_comment === g.layoutFamily))
      balanced[l.profile as string] = Number(l.count);
    if (Object.keys(balanced).length === 0) throw new Error(`no all-balanced layout for ${g.layoutFamily}`);
    const allOf = profiles.map((p) => ({ name: `all-${p.name}`, profiles: { [p.name]: p.maxInstances } }));
    return {
      gpuId: g.gpuId,
      sourceFamily: g.family,
      totalComputeSlices: totalCompute,
      totalMemorySlices: totalMemory,
      ...(g.fullSmCount !== undefined ? { fullGpuSmCount: g.fullSmCount } : {}),
      knownValidLayouts: [{ name: 'all-balanced', profiles: balanced }, ...allOf],
      profiles,
      sources: [CITE.profiles, CITE.layouts, CITE.guide, CITE.nvml, CITE.lgipp],
    };
  });
}
