import { z } from 'zod';
import type { CloudFile, InstanceEntry } from '../../src/catalog/cloud-file-schema.js';
import type { GpuEntry } from '../../src/catalog/gpu-file-schema.js';
import { byId } from './canonical-json.js';
import type { SharedData } from './shared-data.js';

const DIR = 'cloud-catalogs/aws_vantage_tsaol_2026-01-21';

const instanceSchema = z.object({
  name: z.string(),
  gpu: z.string(),
  gpuCount: z.number(),
  gpuMemory: z.string(),
  vcpu: z.number().int().positive(),
  memory: z.string(),
});
type VantageInstance = z.infer<typeof instanceSchema>;

/** GPU labels in the source → catalog GPU ids (V100 and A100 are split by per-GPU memory below). */
const GPU_BY_LABEL: Readonly<Record<string, string>> = {
  'NVIDIA T4': 'T4',
  'NVIDIA A10G': 'A10G',
  'NVIDIA L4': 'L4',
  'NVIDIA L40S': 'L40S',
  'NVIDIA H100': 'H100-SXM',
  'NVIDIA H200': 'H200',
  'NVIDIA B200 Blackwell': 'B200',
  'NVIDIA B300 Blackwell': 'B300',
  'NVIDIA RTX PRO 6000 Blackwell': 'RTX-PRO-6000',
};

/** Why a type is left out, by source GPU label. */
const EXCLUDED_LABELS: Readonly<Record<string, string>> = {
  'Qualcomm AI 100': 'not an NVIDIA GPU (Qualcomm AI 100 ASIC); vLLM’s CUDA path does not apply',
  'AWS Inferentia': 'not an NVIDIA GPU (AWS Inferentia ASIC, Neuron SDK)',
  'AWS Inferentia2': 'not an NVIDIA GPU (AWS Inferentia2 ASIC, Neuron SDK)',
  'AWS Trainium': 'not an NVIDIA GPU (AWS Trainium ASIC, Neuron SDK)',
  'AWS Trainium2': 'not an NVIDIA GPU (AWS Trainium2 ASIC, Neuron SDK)',
  'AMD Radeon Pro V520':
    'AMD Radeon Pro V520 (Navi 12, gfx1011): vLLM’s ROCm build lists only MI200 (gfx90a), MI300 (gfx942), MI350, Radeon RX 7900/9000 and Ryzen AI as supported GPUs (docs.vllm.ai, GPU installation), so there is no reason to expect vLLM to run on it',
  'NVIDIA K80': 'Kepler GPU, compute capability 3.7: below the 7.0 minimum vLLM supports (docs.vllm.ai)',
  'NVIDIA M60': 'Maxwell GPU, compute capability 5.2: below the 7.0 minimum vLLM supports (docs.vllm.ai)',
  'NVIDIA GRID K520':
    'Kepler GPU, compute capability 3.0: below the 7.0 minimum vLLM supports (docs.vllm.ai)',
};

/** Labels the source uses for two memory sizes of one GPU; the stated memory picks the variant. */
const SIZE_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  'NVIDIA V100': ['V100-16GB', 'V100-32GB'],
  'NVIDIA A100': ['A100-40GB', 'A100-80GB'],
};

const NVLINK_FAMILIES = new Set(['p3', 'p3dn', 'p4d', 'p4de', 'p5', 'p5e', 'p5en', 'p6-b200', 'p6-b300']);

const number = (text: string): number | undefined => {
  const match = /^([\d.]+)\s*(GB|GiB)\b/.exec(text.trim());
  return match?.[1] ? Number(match[1]) : undefined;
};

function gpuMemoryGiB(gpu: GpuEntry): number {
  if (gpu.memoryGiB !== undefined) return gpu.memoryGiB;
  if (gpu.memoryMiB !== undefined) return gpu.memoryMiB / 1024;
  return ((gpu.memoryGB ?? 0) * 1e9) / 2 ** 30;
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 0.1 * b;

interface Mapped {
  gpuId: string;
  perInstanceMemory: boolean;
  note?: string;
}

/** The GPU of one source row, after fixing the known faults; throws on anything unexplained. */
function mapGpu(row: VantageInstance, gpus: ReadonlyMap<string, GpuEntry>): Mapped {
  const family = row.name.split('.')[0] ?? '';
  const stated = number(row.gpuMemory);
  if (family === 'g5g') {
    return { gpuId: 'T4G', perInstanceMemory: false, note: `labelled '${row.gpu}' with '${row.gpuMemory}'` };
  }
  let gpuId = GPU_BY_LABEL[row.gpu];
  const variants = SIZE_VARIANTS[row.gpu];
  if (variants && stated !== undefined) {
    // Per-GPU reading first, then per-instance: p3.16xlarge says 16 GB (each), p4d.24xlarge 320 GB (all 8).
    const memoryOf = (id: string): number => {
      const gpu = gpus.get(id);
      return gpu ? gpuMemoryGiB(gpu) : Number.NaN;
    };
    gpuId =
      variants.find((id) => close(stated, memoryOf(id))) ??
      variants.find((id) => close(stated / row.gpuCount, memoryOf(id)));
  }
  const gpu = gpuId ? gpus.get(gpuId) : undefined;
  if (!gpuId || !gpu) throw new Error(`${row.name}: no GPU for label '${row.gpu}' (${row.gpuMemory})`);
  if (stated === undefined) return { gpuId, perInstanceMemory: false, note: `GPU memory '${row.gpuMemory}'` };
  const spec = gpuMemoryGiB(gpu);
  if (row.gpuCount > 1 && close(stated / row.gpuCount, spec)) return { gpuId, perInstanceMemory: true };
  if (close(stated, spec)) return { gpuId, perInstanceMemory: false };
  throw new Error(
    `${row.name}: gpuMemory '${row.gpuMemory}' fits neither per GPU nor per instance of ${gpuId}`,
  );
}

function interconnect(family: string, gpuCount: number, gpu: GpuEntry): InstanceEntry['gpuInterconnect'] {
  if (gpuCount === 1) return 'none';
  if (!NVLINK_FAMILIES.has(family)) return 'pcie';
  if (gpu.nvlinkGBPerSecondPerDirection === undefined)
    throw new Error(`${family}: NVLink family but ${gpu.id} has no NVLink`);
  return 'nvlink';
}

/**
 * An AWS Region code (us-east-1, us-gov-west-1). The source also prices Local Zones (us-east-1-atl-1) and
 * Wavelength Zones (us-east-1-wl1-atl1): those are zones inside a parent Region, not Regions, so a
 * deployment naming one as a region (SkyPilot `infra: aws/us-east-1-atl-1`) fails, and their prices are
 * not the parent's. They are left out, with the count in the data notes.
 * (AWS Local Zones: https://docs.aws.amazon.com/local-zones/latest/ug/how-local-zones-work.html)
 */
export const AWS_REGION_CODE = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

function pricesByInstance(shared: SharedData): {
  prices: Map<string, InstanceEntry['prices']>;
  unpriced: string[];
  zones: Set<string>;
} {
  const prices = new Map<string, InstanceEntry['prices']>();
  const unpriced: string[] = [];
  const zones = new Set<string>();
  for (const row of shared.csv(`${DIR}/aws_gpu_instances_by_region.csv`)) {
    const name = row.name ?? '';
    const onDemand = Number(row.onDemand);
    if (!row.region || !row.onDemand || !(onDemand > 0)) {
      unpriced.push(`${name}${row.region ? ` in ${row.region}` : ''}`);
      continue;
    }
    if (!AWS_REGION_CODE.test(row.region)) {
      zones.add(row.region);
      continue;
    }
    const price: InstanceEntry['prices'][number] = { region: row.region, onDemandUsdPerHour: onDemand };
    if (row.reserved && Number(row.reserved) > 0) price.reservedUsdPerHour = Number(row.reserved);
    prices.set(name, [...(prices.get(name) ?? []), price]);
  }
  for (const list of prices.values())
    list.sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
  return { prices, unpriced, zones };
}

/** `data/v1/clouds/aws.json` from the Vantage-derived AWS snapshot of 2026-01-21. */
export function buildAwsCatalog(shared: SharedData, gpuList: readonly GpuEntry[]): CloudFile {
  const gpus = new Map(gpuList.map((gpu) => [gpu.id, gpu]));
  const rows = z.array(instanceSchema).parse(shared.json(`${DIR}/all_gpu_instances.json`));
  const { prices, unpriced, zones } = pricesByInstance(shared);
  const excluded = new Map<string, string[]>();
  const exclude = (reason: string, name: string): void => {
    excluded.set(reason, [...(excluded.get(reason) ?? []), name]);
  };
  const perInstance: string[] = [];
  const corrections: string[] = [];
  const instances: InstanceEntry[] = [];
  for (const row of rows) {
    const family = row.name.split('.')[0] ?? row.name;
    const labelReason = EXCLUDED_LABELS[row.gpu];
    if (labelReason) {
      exclude(labelReason, row.name);
      continue;
    }
    if (!Number.isInteger(row.gpuCount)) {
      exclude(
        `fractional GPU (a share of an ${row.gpu.replace('NVIDIA ', '')}); a serving engine needs whole GPUs`,
        row.name,
      );
      continue;
    }
    const rowPrices = prices.get(row.name) ?? [];
    if (rowPrices.length === 0) {
      exclude(
        'no price in any region (preview or capacity-block only); a catalog instance needs at least one price',
        `${row.name} (${row.gpu})`,
      );
      continue;
    }
    const mapped = mapGpu(row, gpus);
    const gpu = gpus.get(mapped.gpuId);
    const hostMemoryGiB = number(row.memory);
    if (!gpu || hostMemoryGiB === undefined)
      throw new Error(`${row.name}: unreadable GPU or memory '${row.memory}'`);
    if (mapped.perInstanceMemory) perInstance.push(`${row.name} (${row.gpuMemory} for ${row.gpuCount})`);
    if (mapped.note) corrections.push(`${row.name}: ${mapped.note}`);
    const entry: InstanceEntry = {
      id: row.name,
      gpuId: mapped.gpuId,
      gpuCount: row.gpuCount,
      vcpus: row.vcpu,
      hostMemoryGiB,
      gpuInterconnect: interconnect(family, row.gpuCount, gpu),
      prices: rowPrices,
    };
    if (family === 'g5g') {
      entry.cpuArchitecture = 'arm64';
      entry.sources = [
        {
          title:
            'Amazon EC2 G5g instances: AWS Graviton2 processors (64-bit Arm) with NVIDIA T4G Tensor Core GPUs',
          url: 'https://aws.amazon.com/ec2/instance-types/g5g/',
          fields: ['gpuId', 'cpuArchitecture'],
          note: `Corrected: the source labels this GPU '${row.gpu}' with '${row.gpuMemory}'; G5g carries NVIDIA T4G GPUs (16 GB).`,
        },
      ];
    }
    instances.push(entry);
  }

  const dataNotes = [
    `g5g (${corrections.filter((c) => c.startsWith('g5g')).length} types): the source labels the GPU 'ARM Mali-G78MP12' with 4 GB; corrected to the NVIDIA T4G (16 GiB) that AWS G5g instances carry.`,
    `gpuMemory is per instance, not per GPU, for ${perInstance.join(', ')}: divided by the GPU count. Every stated gpuMemory was checked against gpus.json (within 10%); others are per GPU.`,
    `GPU memory 'Unknown' in the source for ${corrections
      .filter((c) => !c.startsWith('g5g'))
      .map((c) => c.split(':')[0])
      .join(', ')}: the GPU (L4) is known from the label; its memory comes from gpus.json.`,
    `Rows with no price: ${unpriced.length} of the ${DIR}/aws_gpu_instances_by_region.csv rows (${unpriced.join(', ')}). Their instances have no priced region at all, so they are excluded below; no kept instance lost a region.`,
    'hostMemoryGiB: the source writes most host memory sizes as "GB", but AWS specifies instance memory in GiB (EC2 instance type tables, "Memory (GiB)"); the numbers are GiB.',
    'reservedUsdPerHour is the source’s default reserved rate, taken to be the 1-year, no-upfront standard reserved price; spot prices are not in the source.',
    'gpuInterconnect: nvlink for multi-GPU p3, p3dn, p4d, p4de, p5, p5e, p5en and p6 instances (NVLink/NVSwitch); pcie for multi-GPU g-family instances; none for single-GPU instances.',
    'V100 (p3, p3dn) has compute capability 7.0; recent vLLM releases require 7.5 or higher (docs.vllm.ai, GPU installation), so these serve only with older vLLM versions or other engines.',
    'Not in this snapshot, so not excluded here: Gaudi (dl1) and FPGA (f1, f2) types.',
    `Local and Wavelength Zones left out (${zones.size}: ${[...zones].sort().join(', ')}): each is a zone inside its parent Region, not a Region, so deployments cannot name it as one and its prices are not the parent Region's (docs.aws.amazon.com/local-zones).`,
    ...[...excluded.entries()].map(([reason, names]) => `Excluded — ${reason}: ${names.join(', ')}.`),
  ];

  return {
    schemaVersion: 1,
    id: 'aws',
    provider: 'aws',
    description:
      'Amazon EC2 NVIDIA GPU instances with on-demand and reserved Linux prices per region, from the instances.vantage.sh snapshot of 2026-01-21.',
    asOf: '2026-01-21',
    billing: { kind: 'per-second', minimumSeconds: 60 },
    defaultRegion: 'us-east-1',
    sources: [
      {
        title: `shared data ${DIR}/all_gpu_instances.json and aws_gpu_instances_by_region.csv (from instances.vantage.sh, 2026-01-21)`,
        url: 'https://instances.vantage.sh',
        fields: ['gpuCount', 'vcpus', 'hostMemoryGiB', 'prices'],
      },
      {
        title:
          'Amazon EC2 per-second billing: Linux On-Demand, Reserved and Spot usage billed in one-second increments, minimum 60 seconds',
        url: 'https://aws.amazon.com/about-aws/whats-new/2017/10/announcing-amazon-ec2-per-second-billing/',
        fields: ['billing'],
      },
      {
        title:
          'Amazon EC2 instance types: accelerated computing specifications (memory in GiB, GPU interconnect)',
        url: 'https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html',
        fields: ['hostMemoryGiB', 'gpuInterconnect'],
      },
    ],
    dataNotes,
    instances: instances.sort(byId),
  };
}
