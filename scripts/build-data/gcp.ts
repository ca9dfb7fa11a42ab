import type { InstanceEntry } from '../../src/catalog/cloud-file-schema.js';
import type { GpuEntry } from '../../src/catalog/gpu-file-schema.js';
import type { ProviderBuild } from './build-report.js';
import {
  attachedAccelerator,
  defaultN1Host,
  GCP_ATTACH_RULES_SOURCE,
  GCP_N1_DEFAULT_VCPUS,
  type N1Host,
} from './gcp-attach-rules.js';
import type { SharedData } from './shared-data.js';
import {
  ExclusionLedger,
  InstanceCollector,
  priceCell,
  readSkypilotCsv,
  SKYPILOT_AS_OF,
  SKYPILOT_DIR,
  type SkyRow,
} from './skypilot-format.js';

const FILE = 'gcp_vms_gpu_rows.csv';

/** SkyPilot's GCP accelerator names → catalog GPU ids. */
const GPU_BY_ACCELERATOR: Readonly<Record<string, string>> = {
  A100: 'A100-40GB',
  'A100-80GB': 'A100-80GB',
  H100: 'H100-SXM',
  'H100-MEGA': 'H100-SXM',
  H200: 'H200',
  B200: 'B200',
  L4: 'L4',
  T4: 'T4',
  V100: 'V100-16GB',
};

const EXCLUDED_ACCELERATORS: Readonly<Record<string, string>> = {
  P100: 'NVIDIA P100 (Pascal, compute capability 6.0): below the 7.0 minimum vLLM supports (docs.vllm.ai)',
  P4: 'NVIDIA P4 (Pascal, compute capability 6.1): below the 7.0 minimum vLLM supports (docs.vllm.ai)',
};

const NVLINK_PREFIXES = ['a2-', 'a3-', 'a4-'];

interface Host {
  row: SkyRow;
  machineType: string;
  vcpus: number;
  memoryGiB: number;
  price: number;
  spot?: number;
}

function hostOf(row: SkyRow): Host | undefined {
  const price = priceCell(row.cells.Price);
  if (price === undefined) return undefined;
  const spot = priceCell(row.cells.SpotPrice);
  return {
    row,
    machineType: row.cells.InstanceType ?? '',
    vcpus: Number(row.cells.vCPUs),
    memoryGiB: Number(row.cells.MemoryGiB),
    price,
    ...(spot !== undefined ? { spot } : {}),
  };
}

const round = (value: number): number => Number(value.toFixed(5));

/**
 * `data/v1/clouds/gcp.json`: GCP's GPU rows priced per accelerator, added to the host VM each GPU attaches
 * to (gcp-attach-rules.ts), zone by zone; zones of a region all carry the same prices in this snapshot.
 */
export function buildGcpCatalog(shared: SharedData, gpus: readonly GpuEntry[]): ProviderBuild {
  const known = new Set(gpus.map((gpu) => gpu.id));
  const { rows } = readSkypilotCsv(shared, FILE);
  const ledger = new ExclusionLedger(`${SKYPILOT_DIR}/${FILE}`);
  const collector = new InstanceCollector();
  const hostsByZone = new Map<string, Host[]>();
  const gpuRows: SkyRow[] = [];
  const usedHostLines = new Set<number>();
  for (const row of rows) {
    const isGpu = (row.cells.AcceleratorName ?? '') !== '';
    if (priceCell(row.cells.Price) === undefined) {
      ledger.add(
        'priced 0.0 (no real on-demand price in the source)',
        row.line,
        row.cells.InstanceType || `${row.cells.AcceleratorName}×${row.cells.AcceleratorCount}`,
      );
      continue;
    }
    if (isGpu) {
      gpuRows.push(row);
      continue;
    }
    const host = hostOf(row);
    if (!host) continue;
    const zone = row.cells.AvailabilityZone ?? '';
    hostsByZone.set(zone, [...(hostsByZone.get(zone) ?? []), host]);
  }

  const add = (
    gpuRow: SkyRow,
    host: Host,
    gpuId: string,
    accelerator: string,
    count: number,
    attached: boolean,
  ) => {
    const gpuPrice = priceCell(gpuRow.cells.Price) as number;
    const gpuSpot = priceCell(gpuRow.cells.SpotPrice);
    const spec: Omit<InstanceEntry, 'prices'> = {
      id: attached ? host.machineType : `${host.machineType}+${count}x${accelerator}`,
      gpuId,
      gpuCount: count,
      vcpus: host.vcpus,
      hostMemoryGiB: host.memoryGiB,
      gpuInterconnect:
        count === 1
          ? 'none'
          : NVLINK_PREFIXES.some((prefix) => host.machineType.startsWith(prefix))
            ? 'nvlink'
            : 'pcie',
      launch: { instanceType: host.machineType, acceleratorName: accelerator, acceleratorCount: count },
    };
    const price: InstanceEntry['prices'][number] = {
      region: gpuRow.cells.Region ?? '',
      onDemandUsdPerHour: round(host.price + gpuPrice),
      zones: [gpuRow.cells.AvailabilityZone ?? ''],
    };
    if (host.spot !== undefined && gpuSpot !== undefined) price.spotUsdPerHour = round(host.spot + gpuSpot);
    collector.add(spec, price);
    usedHostLines.add(host.row.line);
  };

  for (const gpuRow of gpuRows) {
    const accelerator = gpuRow.cells.AcceleratorName ?? '';
    const count = Number(gpuRow.cells.AcceleratorCount);
    const zone = gpuRow.cells.AvailabilityZone ?? '';
    const label = `${accelerator}×${count}`;
    const excluded = EXCLUDED_ACCELERATORS[accelerator];
    if (excluded) {
      ledger.add(excluded, gpuRow.line, label);
      continue;
    }
    const gpuId = GPU_BY_ACCELERATOR[accelerator];
    if (!gpuId || !known.has(gpuId))
      throw new Error(`${FILE} line ${gpuRow.line}: unmapped accelerator '${accelerator}'`);
    const hosts = hostsByZone.get(zone) ?? [];
    if (GCP_N1_DEFAULT_VCPUS[accelerator]) {
      const n1: N1Host[] = hosts.map((h) => ({
        machineType: h.machineType,
        vcpus: h.vcpus,
        memoryGiB: h.memoryGiB,
        priceUsdPerHour: h.price,
      }));
      const chosen = defaultN1Host(accelerator, count, n1);
      const host = chosen && hosts.find((h) => h.machineType === chosen.machineType);
      if (!host) {
        ledger.add('no N1 host row in the same zone within GCP’s attach limits', gpuRow.line, label);
        continue;
      }
      add(gpuRow, host, gpuId, accelerator, count, false);
      continue;
    }
    const attachedHosts = hosts.filter((h) => {
      const acc = attachedAccelerator(h.machineType);
      return acc?.name === accelerator && acc.count === count;
    });
    if (attachedHosts.length === 0) {
      ledger.add(
        'accelerator priced in a zone where the source has no priced machine type it comes attached to',
        gpuRow.line,
        label,
      );
      continue;
    }
    for (const host of attachedHosts) add(gpuRow, host, gpuId, accelerator, count, true);
  }

  for (const hosts of hostsByZone.values()) {
    for (const host of hosts) {
      if (usedHostLines.has(host.row.line)) continue;
      const acc = attachedAccelerator(host.machineType);
      if (!acc && ['a2-', 'a3-', 'a4-', 'g2-'].some((prefix) => host.machineType.startsWith(prefix))) {
        ledger.add(
          'accelerator-optimized variant missing from SkyPilot’s attach table (edge and no-local-SSD variants): which GPU row prices it is not stated',
          host.row.line,
          host.machineType,
        );
      } else if (acc) {
        ledger.add(
          `accelerator-optimized machine type whose ${acc.name} is not priced in the same zone`,
          host.row.line,
          host.machineType,
        );
      } else {
        ledger.add(
          'CPU host VM that is not SkyPilot’s default N1 host for any priced T4/V100 count in its zone (GCP would also attach GPUs to other N1 hosts within the limits; only the default is listed)',
          host.row.line,
          host.machineType,
        );
      }
    }
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
      id: 'gcp',
      provider: 'gcp',
      description: `Google Cloud Compute Engine NVIDIA GPU machines (host VM + attached GPUs) with on-demand and spot Linux prices per region, from the SkyPilot-format catalog of ${SKYPILOT_AS_OF}.`,
      asOf: SKYPILOT_AS_OF,
      billing: { kind: 'per-second', minimumSeconds: 60 },
      defaultRegion: 'us-central1',
      sources: [
        {
          title: `shared data ${SKYPILOT_DIR}/${FILE} (SkyPilot-format GCP catalog, Apache-2.0)`,
          url: 'https://github.com/skypilot-org/skypilot-catalog',
          fields: ['gpuCount', 'vcpus', 'hostMemoryGiB', 'prices'],
          note: 'A GPU row’s Price is for AcceleratorCount GPUs and adds to the host VM row’s Price in the same zone; the instance price is their sum (both on-demand, and spot where both rows have one).',
        },
        { ...GCP_ATTACH_RULES_SOURCE, fields: ['id', 'gpuCount', 'launch'] },
        {
          title:
            'Google Cloud: Compute Engine bills per second with a one-minute minimum (“Extending per second billing in Google Cloud”)',
          url: 'https://cloud.google.com/blog/products/gcp/extending-per-second-billing-in-google',
          fields: ['billing'],
        },
      ],
      dataNotes: [
        'Prices: host VM row + GPU row of the same zone. Every zone of a region carries the same prices in this snapshot (the build checks it), so prices are per region with the zones that offer them.',
        'Accelerator-optimized types (a2, a3, a4, g2) come with a fixed GPU count; T4 and V100 attach to N1 hosts, and only SkyPilot’s default host for each GPU count is listed (id `<host>+<count>x<GPU>`).',
        'H100 and H100-MEGA (a3-highgpu, a3-megagpu) are both H100 SXM 80GB; the MEGA types differ in network, not GPU.',
        'gpuInterconnect: nvlink for multi-GPU a2/a3/a4 (NVLink/NVSwitch); pcie for multi-GPU g2 and N1 hosts (NVLink on N1 V100 hosts is not assumed: conservative).',
        `No spot price (source SpotPrice empty or 0) for: ${missingSpot.length === 0 ? 'none' : missingSpot.join(', ')}.`,
        ...ledger.notes(),
      ],
      instances,
    },
  };
}
