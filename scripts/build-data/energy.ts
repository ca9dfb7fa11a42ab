import type { GpuEntry } from '../../src/catalog/gpu-file-schema.js';
import type { Source } from '../../src/core/source.js';
import type { SharedData } from './shared-data.js';

const CLOCKS_CSV = 'gpu-specs/clocks-power/gpu_clocks_power.csv';
const CLOCKS_TITLE = `shared data ${CLOCKS_CSV}`;
const OASIS: Source = {
  title: 'OASIS (Mittal et al., ICPE Companion 2026, doi:10.1145/3777911.3800633), Tables 3 and 5',
  url: 'https://doi.org/10.1145/3777911.3800633',
};
/** The one idle reading in the shared data: an A100-SXM4-80GB with a 500 W cap, no work, 49–51 W. */
const IDLE_MEASURED_WATTS = 50;
const IDLE_MEASURED_LIMIT_WATTS = 500;
const IDLE_SOURCE: Source = {
  title: `${CLOCKS_TITLE} (nvidia-smi table in NVIDIA/mig-parted#31: A100-SXM4-80GB P0 49–51 W / 500 W, no work)`,
  url: 'https://github.com/NVIDIA/mig-parted/issues/31',
  fields: ['idleWatts'],
};

/**
 * Documented SM clocks per catalog GPU: which rows of the clocks CSV (gpu, variant prefix) describe it,
 * and clocks a paper ran it at. The floor is the lowest of these (no source gives minimum supported clocks).
 */
const CLOCK_ROWS: Record<
  string,
  { rows: [string, string][]; ran?: number[]; peakFlopsMhz?: number; note?: string }
> = {
  T4: { rows: [['T4', 'PCIe']] },
  T4G: { rows: [['T4', 'PCIe']], note: 'T4G is the T4 part on AWS Graviton hosts; the T4 clocks are used' },
  A10: { rows: [['A10', 'PCIe']] },
  L4: { rows: [['L4', 'PCIe']] },
  'V100-PCIe-16GB': { rows: [['V100', 'PCIe 16GB']] },
  L40S: { rows: [['L40S', 'PCIe']] },
  'V100-16GB': { rows: [['V100', 'SXM2 16GB']] },
  'V100-32GB': { rows: [['V100', 'SXM3 32GB']], note: 'the only 32 GB row is an SXM3 board (aggregator)' },
  'A100-40GB': {
    rows: [['A100', 'SXM4 40GB']],
    ran: [855, 1035],
    note: 'OASIS ran A100-SXM4-80GB at 855–1410 MHz; the 40 GB SXM4 part has the same GA100 clocks',
  },
  'A100-80GB': { rows: [['A100', 'SXM4 80GB']], ran: [855, 1035, 1320] },
  'H100-SXM': {
    rows: [['H100', 'SXM5']],
    ran: [1530, 1650, 1755],
    peakFlopsMhz: 1830,
    note: 'dense tensor peaks are quoted at 1830 MHz ("1.83 GHz low precision", glennklockwood.com/garden/processors/h100); above it they do not grow',
  },
  'H100-PCIe': { rows: [['H100', 'PCIe']] },
  H200: { rows: [['H200', 'SXM']] },
};

/** GPUs whose power OASIS measured (Tables 3–8): the fit used them, so their figures are not `estimated`. */
const MEASURED_POWER = new Set(['A100-80GB', 'H100-SXM']);

const num = (s: string | undefined): number | undefined => {
  if (s === undefined || s.trim() === '') return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
};

export interface EnergyGpuEntry {
  gpuId: string;
  powerLimitWatts: number;
  idleWatts: number;
  idleEstimated: boolean;
  powerMeasured: boolean;
  smClock?: { maxMhz: number; minMhz: number; peakFlopsMhz: number };
  sources: Source[];
}

function gpuEntries(shared: SharedData, gpus: GpuEntry[]): EnergyGpuEntry[] {
  const rows = shared.csv(CLOCKS_CSV);
  return gpus.map((gpu) => {
    const sources: Source[] = [
      { title: 'data/v1/gpus.json tdpWatts (its sources)', fields: ['powerLimitWatts'] },
    ];
    const measuredIdle = gpu.id === 'A100-80GB';
    const idleWatts = measuredIdle
      ? IDLE_MEASURED_WATTS
      : Math.round(((gpu.tdpWatts * IDLE_MEASURED_WATTS) / IDLE_MEASURED_LIMIT_WATTS) * 10) / 10;
    sources.push(
      measuredIdle
        ? IDLE_SOURCE
        : {
            ...IDLE_SOURCE,
            note: `estimated: the measured idle share of the power limit (${IDLE_MEASURED_WATTS} / ${IDLE_MEASURED_LIMIT_WATTS} W) × this GPU's ${gpu.tdpWatts} W`,
          },
    );
    const entry: EnergyGpuEntry = {
      gpuId: gpu.id,
      powerLimitWatts: gpu.tdpWatts,
      idleWatts,
      idleEstimated: !measuredIdle,
      powerMeasured: MEASURED_POWER.has(gpu.id),
      sources,
    };
    if (entry.powerMeasured) sources.push({ ...OASIS, fields: ['powerMeasured'] });
    const spec = CLOCK_ROWS[gpu.id];
    if (spec) {
      const clocks: number[] = [...(spec.ran ?? [])];
      const urls = new Set<string>();
      for (const row of rows) {
        if (!spec.rows.some(([g, v]) => row.gpu === g && (row.variant ?? '').startsWith(v))) continue;
        const found = [
          num(row.sm_clock_base_mhz),
          num(row.sm_clock_boost_mhz),
          num(row.sm_clock_max_nvsmi_mhz),
          num(row.default_app_sm_clock_mhz),
        ].filter((v): v is number => v !== undefined);
        if (found.length > 0 && row.source) urls.add(row.source);
        clocks.push(...found);
      }
      if (clocks.length > 0) {
        const maxMhz = Math.max(...clocks);
        entry.smClock = { maxMhz, minMhz: Math.min(...clocks), peakFlopsMhz: spec.peakFlopsMhz ?? maxMhz };
        for (const url of [...urls].sort()) {
          sources.push({ title: `${CLOCKS_TITLE} (row citing ${url})`, url, fields: ['smClock'] });
        }
        if (spec.ran)
          sources.push({ ...OASIS, fields: ['smClock.minMhz'], note: `ran at ${spec.ran.join(', ')} MHz` });
        if (spec.note) sources.push({ title: 'InferSave note', note: spec.note, fields: ['smClock'] });
        if (!spec.peakFlopsMhz)
          sources.push({
            title: 'InferSave assumption',
            note: 'the datasheet peaks are taken to be quoted at the highest documented clock',
            fields: ['smClock.peakFlopsMhz'],
          });
      }
    }
    return entry;
  });
}

export interface PueEntry {
  provider: string;
  /** `*` for the provider's fleet average. */
  region: string;
  pue: number;
  source: Source;
}

export interface GridEntry {
  provider: string;
  region: string;
  gco2PerKwh: number;
  asOf: string;
  source: Source;
}

const CCF_URL = 'https://github.com/cloud-carbon-footprint/cloud-carbon-footprint';
const GOOGLE_URL = 'https://github.com/GoogleCloudPlatform/region-carbon-info';

function pueEntries(shared: SharedData): PueEntry[] {
  return shared.csv('carbon/ccf_pue.csv').map((row) => ({
    provider: row.cloud as string,
    region: (row.region as string).startsWith('all') ? '*' : (row.region as string),
    pue: Number(row.pue),
    source: {
      title: `Cloud Carbon Footprint ${row.constant} (shared data carbon/ccf_pue.csv)`,
      url: CCF_URL,
      ...(row.cloud === 'aws' ? { note: 'CCF’s estimate, not an AWS figure' } : {}),
    },
  }));
}

function gridEntries(shared: SharedData): GridEntry[] {
  const out = new Map<string, GridEntry>();
  for (const row of shared.csv('carbon/ccf_emissions_factors_by_region.csv')) {
    if (row.factor_kind !== 'grid') continue;
    const provider = row.cloud as string;
    if (provider === 'gcp') continue; // Google's own figures below
    const region = (row.region as string).toLowerCase();
    if (region === 'unknown') continue;
    const key = `${provider}/${region}`;
    if (out.has(key)) continue;
    out.set(key, {
      provider,
      region,
      gco2PerKwh: Math.round(Number(row.gco2e_per_kwh) * 1000) / 1000,
      asOf: '2021',
      source: {
        title: `Cloud Carbon Footprint grid factor, ${row.via || 'country average'} (shared data carbon/ccf_emissions_factors_by_region.csv)`,
        url: CCF_URL,
        note: 'yearly location-based grid average, vintage about 2021 (EPA eGRID2020 for US regions)',
      },
    });
  }
  const google = shared.csv('carbon/google-region-carbon-info/2024.csv');
  for (const row of google) {
    const region = row['Google Cloud Region'] as string;
    const value = Number(row['Grid carbon intensity (gCO2eq / kWh)']);
    if (!Number.isFinite(value)) continue;
    out.set(`gcp/${region}`, {
      provider: 'gcp',
      region,
      gco2PerKwh: value,
      asOf: '2024',
      source: {
        title: 'Google grid carbon intensity (shared data carbon/google-region-carbon-info/2024.csv)',
        url: GOOGLE_URL,
      },
    });
  }
  return [...out.values()].sort((a, b) =>
    a.provider === b.provider ? a.region.localeCompare(b.region) : a.provider.localeCompare(b.provider),
  );
}

/** data/v1/energy.json: power limits, idle floors, SM clock ranges per GPU; PUE and grid intensity per region. */
export function buildEnergy(shared: SharedData, gpus: GpuEntry[]) {
  return {
    schemaVersion: 1,
    description:
      'Power and clock facts per GPU (power limit, idle floor, documented SM clock range), data-centre PUE per provider and grid carbon intensity per cloud region. Power model coefficients are fitted separately (data/v1/power-model.json).',
    gpus: gpuEntries(shared, gpus),
    pue: pueEntries(shared),
    gridIntensity: gridEntries(shared),
  };
}
