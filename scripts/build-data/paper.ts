import type { CloudFile, InstanceEntry } from '../../src/catalog/cloud-file-schema.js';
import type { GpuEntry } from '../../src/catalog/gpu-file-schema.js';
import { byId } from './canonical-json.js';
import type { SharedData } from './shared-data.js';

const TABLE_IV = 'infersave-paper/paper_table_IV_instances.csv';
const PAPER = { title: 'InferSave (arXiv 2504.11816)', url: 'https://arxiv.org/abs/2504.11816' };

/** Table IV's GPU names → catalog GPU ids. */
const GPU_IDS: Readonly<Record<string, string>> = { T4: 'T4', A10G: 'A10G', L4: 'L4', L40s: 'L40S' };

function required(row: Record<string, string>, key: string): string {
  const value = row[key];
  if (value === undefined || value === '')
    throw new Error(`${TABLE_IV}: row ${JSON.stringify(row)} has no ${key}`);
  return value;
}

/**
 * The paper's view of a GPU: Table IV's memory, 'FP16' TFLOPS and PCIe; the rest from gpus.json. Not
 * part of the catalog (whose GPUs are the real ones); the paper-reproduction script uses it to run the
 * paper's equations on the paper's own inputs.
 */
export function paperGpu(row: Record<string, string>, gpu: GpuEntry): GpuEntry {
  const labelled = Number(required(row, 'fp16_tflops_as_labelled'));
  return {
    id: gpu.id,
    name: `${gpu.name.replace(/ \(.*\)$/, '')} as in InferSave Table IV`,
    architecture: gpu.architecture,
    memoryGB: Number(required(row, 'gpu_memory_gb')),
    hbmGBPerSecond: gpu.hbmGBPerSecond,
    fp32Tflops: labelled,
    fp16DenseTflops: labelled,
    pcieGBPerSecondPerDirection: Number(required(row, 'pcie_bw_gbps')),
    tdpWatts: gpu.tdpWatts,
    sources: [
      {
        title: `shared data ${TABLE_IV} (${PAPER.title}, Table IV)`,
        url: PAPER.url,
        fields: ['memoryGB', 'fp16DenseTflops', 'fp32Tflops', 'pcieGBPerSecondPerDirection'],
        note: `Table IV labels ${labelled} TFLOPS as 'FP16', but it is the GPU's FP32 non-tensor peak (${gpu.id}: ${gpu.fp32Tflops} TFLOPS FP32 vs ${gpu.fp16DenseTflops} TFLOPS fp16 tensor in gpus.json); kept as the paper used it, for both fp16 and fp32. Memory as labelled (GB). PCIe GB/s taken as per direction.`,
      },
      {
        title: 'data/v1/gpus.json (this repository)',
        fields: ['hbmGBPerSecond', 'tdpWatts', 'architecture'],
        note: 'Table IV has no memory bandwidth or power. No fp8 or int8 peaks: the paper ran fp16 only, and tensor-core peaks next to its FP32 figures would mislead.',
      },
    ],
  };
}

/** `data/v1/clouds/paper-2025.json`: the four instances the InferSave paper evaluates, as it priced them. */
export function buildPaperCatalog(
  shared: SharedData,
  gpuList: readonly GpuEntry[],
  aws: CloudFile,
): CloudFile {
  const gpusById = new Map(gpuList.map((gpu) => [gpu.id, gpu]));
  const awsById = new Map(aws.instances.map((instance) => [instance.id, instance]));
  const instances: InstanceEntry[] = [];
  for (const row of shared.csv(TABLE_IV)) {
    const id = required(row, 'instance');
    const gpuId = GPU_IDS[required(row, 'gpu_type')];
    const gpu = gpuId ? gpusById.get(gpuId) : undefined;
    const host = awsById.get(id);
    if (!gpu || !host) throw new Error(`${TABLE_IV}: ${id} has no GPU or no AWS instance`);
    instances.push({
      id,
      gpuId: gpu.id,
      gpuCount: host.gpuCount,
      vcpus: host.vcpus,
      hostMemoryGiB: host.hostMemoryGiB,
      gpuInterconnect: host.gpuInterconnect,
      prices: [{ region: 'us-east-1', onDemandUsdPerHour: Number(required(row, 'on_demand_usd_per_hr')) }],
    });
  }
  return {
    schemaVersion: 1,
    id: 'paper-2025',
    role: 'snapshot',
    provider: 'aws',
    description:
      "The InferSave paper's own snapshot: the four single-GPU AWS instances of its Table IV at the paper's on-demand prices. GPUs are the real ones from gpus.json.",
    asOf: '2025-03-01',
    billing: { kind: 'hourly' },
    defaultRegion: 'us-east-1',
    sources: [
      {
        title: `shared data ${TABLE_IV} (${PAPER.title}, Table IV)`,
        url: PAPER.url,
        fields: ['prices'],
      },
      {
        title: 'data/v1/clouds/aws.json (this repository; instances.vantage.sh snapshot of 2026-01-21)',
        fields: ['gpuCount', 'vcpus', 'hostMemoryGiB', 'gpuInterconnect'],
      },
    ],
    dataNotes: [
      'The paper ran its experiments from December 2024 to March 2025; asOf 2025-03-01 stands for that window.',
      'Billing is hourly, as the paper computes cost (price per hour × hours); AWS itself bills Linux instances per second (see aws.json).',
      "Table IV's prices differ from its Table I (N. Virginia, e.g. g4dn.xlarge 0.526 vs 0.71 $/h) and match AWS Tokyo (ap-northeast-1) on-demand prices in the 2026-01-21 snapshot (g4dn.xlarge 0.71, g6.xlarge 1.1672, g6e.xlarge 2.699; g5.xlarge 1.459 vs 1.466). The paper names no region for Table IV; they are stored under us-east-1, this catalog's only region.",
      "Table IV's GPU figures are not used here: its 'FP16' TFLOPS are the FP32 non-tensor peaks (T4 8.24, A10G 31.52, L4 30.29, L40S 91.61) and its PCIe figures (6 and 12 GB/s) have no stated source. The GPUs are gpus.json's; docs/paper-reproduction.md runs the paper's equations on Table IV's own figures as well.",
    ],
    instances: instances.sort(byId),
  };
}
