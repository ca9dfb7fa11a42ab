import type { InstanceEntry } from '../../src/catalog/cloud-file-schema.js';
import type { GpuEntry } from '../../src/catalog/gpu-file-schema.js';
import type { ProviderBuild } from './build-report.js';
import type { SharedData } from './shared-data.js';
import {
  ExclusionLedger,
  InstanceCollector,
  priceCell,
  readSkypilotCsv,
  SKYPILOT_AS_OF,
  SKYPILOT_DIR,
} from './skypilot-format.js';

const FILE = 'lambda_vms.csv';

const EXCLUDED_ACCELERATORS: Readonly<Record<string, string>> = {
  A6000:
    'NVIDIA RTX A6000: no GPU-catalog entry (the shared data has only llm-analysis’s memory, bandwidth and peaks, not its power, PCIe or FP32 figures)',
  RTX6000:
    'NVIDIA Quadro RTX 6000 (Turing, 24 GB): no GPU-catalog entry from a shared or vendor source at hand',
  GH200:
    'NVIDIA GH200 Grace Hopper: its GPU reaches host memory over NVLink-C2C, which the PCIe host-offload model does not describe; not in the GPU catalog',
};

/** Lambda instance type → catalog GPU id; the name's suffix tells the form factor where it matters. */
function gpuIdOf(type: string, accelerator: string): string | undefined {
  if (accelerator === 'A10') return 'A10';
  if (accelerator === 'A100') return 'A100-40GB';
  if (accelerator === 'A100-80GB') return 'A100-80GB';
  if (accelerator === 'H100') return type.endsWith('_pcie') ? 'H100-PCIe' : 'H100-SXM';
  if (accelerator === 'B200') return 'B200';
  if (accelerator === 'V100') return 'V100-16GB';
  return undefined;
}

/** `data/v1/clouds/lambda.json` from SkyPilot's Lambda catalog (no spot prices: Lambda sells none). */
export function buildLambdaCatalog(shared: SharedData, gpus: readonly GpuEntry[]): ProviderBuild {
  const known = new Set(gpus.map((gpu) => gpu.id));
  const { rows } = readSkypilotCsv(shared, FILE);
  const ledger = new ExclusionLedger(`${SKYPILOT_DIR}/${FILE}`);
  const collector = new InstanceCollector();
  for (const row of rows) {
    const type = row.cells.InstanceType ?? '';
    const accelerator = row.cells.AcceleratorName ?? '';
    if (accelerator === '') {
      ledger.add('CPU-only instance type (no GPU)', row.line, type);
      continue;
    }
    const reason = EXCLUDED_ACCELERATORS[accelerator];
    if (reason) {
      ledger.add(reason, row.line, type);
      continue;
    }
    const onDemand = priceCell(row.cells.Price);
    if (onDemand === undefined) {
      ledger.add('no on-demand price', row.line, type);
      continue;
    }
    const gpuId = gpuIdOf(type, accelerator);
    if (!gpuId || !known.has(gpuId))
      throw new Error(`${FILE} line ${row.line}: unmapped ${type} (${accelerator})`);
    const count = Number(row.cells.AcceleratorCount);
    const sxm = /_sxm\d$|_80gb_sxm4$/.test(type);
    const spec: Omit<InstanceEntry, 'prices'> = {
      id: type,
      gpuId,
      gpuCount: count,
      vcpus: Number(row.cells.vCPUs),
      hostMemoryGiB: Number(row.cells.MemoryGiB),
      gpuInterconnect: count === 1 ? 'none' : sxm ? 'nvlink' : 'pcie',
      launch: { instanceType: type, acceleratorName: accelerator, acceleratorCount: count },
    };
    collector.add(spec, { region: row.cells.Region ?? '', onDemandUsdPerHour: onDemand });
  }
  return {
    ledger,
    rowsRead: rows.length,
    file: {
      schemaVersion: 1,
      id: 'lambda',
      provider: 'lambda',
      description: `Lambda Cloud NVIDIA GPU instances with on-demand prices per region (Lambda sells no spot capacity), from the SkyPilot-format catalog of ${SKYPILOT_AS_OF}.`,
      asOf: SKYPILOT_AS_OF,
      billing: { kind: 'per-second', minimumSeconds: 60 },
      defaultRegion: 'us-east-1',
      sources: [
        {
          title: `shared data ${SKYPILOT_DIR}/${FILE} (SkyPilot-format Lambda catalog, Apache-2.0)`,
          url: 'https://github.com/skypilot-org/skypilot-catalog',
          fields: ['gpuCount', 'vcpus', 'hostMemoryGiB', 'prices'],
        },
      ],
      dataNotes: [
        'Billing: the source does not say how Lambda meters time; per-second with a one-minute minimum, as on the other clouds, is an estimate (it matters only for runs of a few minutes).',
        'No spot prices: the source’s SpotPrice is empty for every row.',
        'Form factor: types named _sxm4/_sxm5/_sxm6 (and gpu_8x_a100_80gb_sxm4) are SXM with NVLink; gpu_1x_h100_pcie is H100 PCIe. For unsuffixed multi-GPU types (gpu_2x/4x/8x_a100, gpu_8x_v100, gpu_8x_v100_n) the source does not say, so gpuInterconnect is pcie (conservative: slower all-reduce); A100 40GB PCIe and SXM share memory, bandwidth and peaks.',
        ...ledger.notes(),
      ],
      instances: collector.instances(),
    },
  };
}
