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

const FILE = 'azure_vms_gpu_rows.csv';

/** Why a VM size is left out, by its GPU (SkyPilot's accelerator name) or by size. */
const EXCLUDED_ACCELERATORS: Readonly<Record<string, string>> = {
  M60: 'NVIDIA M60 (Maxwell, compute capability 5.2): below the 7.0 minimum vLLM supports (docs.vllm.ai)',
  MI25: 'AMD Radeon Instinct MI25 (Vega 10, gfx900): not in vLLM’s ROCm support list (MI200, MI300, MI350, Radeon RX 7900/9000, Ryzen AI)',
  MI300X:
    'AMD MI300X: no GPU-catalog entry from a shared source, and the roofline efficiencies and kernel tables are fitted on NVIDIA GPUs only, so a prediction would be unfounded',
};

const EXCLUDED_SIZES: Readonly<Record<string, string>> = {
  Standard_NC40ads_H100_v5:
    'NC H100 v5 carries the H100 NVL (94 GB, PCIe with NVLink bridge): no shared or vendor source at hand agrees on its bandwidth and peaks, so it is not in the GPU catalog',
  Standard_NCC40ads_H100_v5:
    'NCC H100 v5 (confidential computing) carries the H100 NVL: not in the GPU catalog, as for NC H100 v5',
  Standard_NC80adis_H100_v5:
    'NC H100 v5 carries the H100 NVL: not in the GPU catalog (see Standard_NC40ads_H100_v5)',
};

/** VM size → catalog GPU id, where SkyPilot's accelerator name alone does not tell the variant. */
function gpuIdOf(size: string, accelerator: string): string | undefined {
  if (accelerator === 'T4') return 'T4';
  if (accelerator === 'A10') return 'A10';
  if (accelerator === 'V100') return 'V100-PCIe-16GB';
  if (accelerator === 'V100-32GB') return 'V100-32GB';
  if (accelerator === 'A100') return 'A100-40GB';
  if (accelerator === 'A100-80GB') return size.startsWith('Standard_ND') ? 'A100-80GB' : 'A100-80GB-PCIe';
  if (accelerator === 'H100' && size.startsWith('Standard_ND')) return 'H100-SXM';
  if (accelerator === 'H200') return 'H200';
  return undefined;
}

/**
 * `data/v1/clouds/azure.json` from SkyPilot's Azure GPU rows. 582 rows carry an unquoted `V1,V2` in the
 * Generation column, which splits into an 11th cell; the two cells are joined back.
 */
export function buildAzureCatalog(shared: SharedData, gpus: readonly GpuEntry[]): ProviderBuild {
  const known = new Set(gpus.map((gpu) => gpu.id));
  const { rows, widened } = readSkypilotCsv(shared, FILE, (header, cells) => {
    if (cells.length !== header.length + 1 || header[header.length - 1] !== 'Generation')
      throw new Error(`${FILE}: unexpected row width ${cells.length}`);
    const row = Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
    row.Generation = `${cells[header.length - 1]},${cells[header.length]}`;
    return row;
  });
  const ledger = new ExclusionLedger(`${SKYPILOT_DIR}/${FILE}`);
  const collector = new InstanceCollector();
  for (const row of rows) {
    const size = row.cells.InstanceType ?? '';
    const accelerator = row.cells.AcceleratorName ?? '';
    const count = Number(row.cells.AcceleratorCount);
    const reason = EXCLUDED_ACCELERATORS[accelerator] ?? EXCLUDED_SIZES[size];
    if (reason) {
      ledger.add(reason, row.line, size);
      continue;
    }
    if (!Number.isInteger(count)) {
      ledger.add(
        `fractional GPU (a share of an ${accelerator}, NVads A10 v5 partitions); a serving engine needs whole GPUs`,
        row.line,
        size,
      );
      continue;
    }
    const onDemand = priceCell(row.cells.Price);
    if (onDemand === undefined) {
      ledger.add('no on-demand price', row.line, size);
      continue;
    }
    const gpuId = gpuIdOf(size, accelerator);
    if (!gpuId || !known.has(gpuId))
      throw new Error(`${FILE} line ${row.line}: unmapped ${size} (${accelerator})`);
    const spec: Omit<InstanceEntry, 'prices'> = {
      id: size,
      gpuId,
      gpuCount: count,
      vcpus: Number(row.cells.vCPUs),
      hostMemoryGiB: Number(row.cells.MemoryGiB),
      gpuInterconnect: count === 1 ? 'none' : size.startsWith('Standard_ND') ? 'nvlink' : 'pcie',
      launch: { instanceType: size, acceleratorName: accelerator, acceleratorCount: count },
    };
    const spot = priceCell(row.cells.SpotPrice);
    collector.add(spec, {
      region: row.cells.Region ?? '',
      onDemandUsdPerHour: onDemand,
      ...(spot !== undefined ? { spotUsdPerHour: spot } : {}),
    });
  }
  const instances = collector.instances();
  const missingSpot = instances.flatMap((i) =>
    i.prices.filter((p) => p.spotUsdPerHour === undefined).map((p) => `${i.id} in ${p.region}`),
  );
  return {
    ledger,
    rowsRead: rows.length,
    file: {
      schemaVersion: 1,
      id: 'azure',
      provider: 'azure',
      description: `Microsoft Azure NVIDIA GPU virtual machines with on-demand and spot Linux prices per region, from the SkyPilot-format catalog of ${SKYPILOT_AS_OF}.`,
      asOf: SKYPILOT_AS_OF,
      billing: { kind: 'per-second', minimumSeconds: 60 },
      defaultRegion: 'eastus',
      sources: [
        {
          title: `shared data ${SKYPILOT_DIR}/${FILE} (SkyPilot-format Azure catalog, Apache-2.0)`,
          url: 'https://github.com/skypilot-org/skypilot-catalog',
          fields: ['gpuCount', 'vcpus', 'hostMemoryGiB', 'prices'],
        },
        {
          title: 'Azure GPU VM size series (NC, ND, NV families): GPU model and form factor per size',
          url: 'https://learn.microsoft.com/en-us/azure/virtual-machines/sizes/overview',
          fields: ['gpuId', 'gpuInterconnect'],
        },
        {
          title: 'Azure Linux virtual machines pricing: pay-as-you-go compute is billed per second',
          url: 'https://azure.microsoft.com/en-us/pricing/details/virtual-machines/linux/',
          fields: ['billing'],
          note: 'The one-minute minimum is as summarised by third parties, not read from Microsoft’s page here; it matters only for runs under a minute.',
        },
      ],
      dataNotes: [
        `${widened.length} rows carry an unquoted "V1,V2" in the Generation column, which splits into an 11th field; it is joined back (lines ${widened[0]}–${widened[widened.length - 1]} among others).`,
        'GPU variants: NCv3 (NC6s/12s/24s/24rs v3) are V100 16GB PCIe; ND40rs v2 is 8× V100 32GB SXM2; NC A100 v4 are A100 80GB PCIe; ND96amsr A100 v4 is A100 80GB SXM and ND96asr v4 A100 40GB SXM; ND H100/H200 v5 are SXM.',
        'gpuInterconnect: nvlink for multi-GPU ND sizes (NVLink/NVSwitch); pcie for multi-GPU NC and NV sizes (conservative where Azure pairs GPUs with NVLink bridges).',
        `No spot price in the source for: ${missingSpot.length === 0 ? 'none' : missingSpot.join(', ')}.`,
        ...ledger.notes(),
      ],
      instances,
    },
  };
}
