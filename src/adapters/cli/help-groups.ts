import type { Command } from 'commander';

/** `--help` of the planning commands, flags grouped by concern. */
const GROUPS: [heading: string, fields: string[]][] = [
  ['Model:', ['model', 'modelConfig', 'precision', 'predictor', 'calibration', 'engine', 'offloadPercent']],
  [
    'Workload:',
    [
      'inputTokens',
      'outputTokens',
      'batchSize',
      'requests',
      'trace',
      'traceFormat',
      'onBadRow',
      'first',
      'rate',
      'duration',
      'arrival',
      'cv',
      'seed',
      'concurrency',
      'probeRequests',
      'tokensPerMonth',
      'requestsPerSecond',
    ],
  ],
  [
    'SLOs and budget:',
    ['sloTps', 'sloTtftP95', 'sloTpotP95', 'sloE2eP95', 'maxPrice', 'objective', 'maxUtilization'],
  ],
  [
    'Hardware and prices:',
    [
      'catalog',
      'cloud',
      'region',
      'instances',
      'instance',
      'gpu',
      'gpuCount',
      'mig',
      'hostMemoryGib',
      'interconnect',
      'tensorParallel',
      'instancesCount',
      'billing',
      'pricing',
      'gpuMemoryUtilization',
      'hostMemoryUtilization',
      'apiModel',
      'apiUsdPerMillionInput',
      'apiUsdPerMillionOutput',
    ],
  ],
  [
    'Engine (vLLM scheduler) and router:',
    ['maxNumSeqs', 'maxNumBatchedTokens', 'chunkedPrefill', 'prefixCaching', 'preemption', 'router'],
  ],
  ['Energy:', ['gpuClockMhz', 'electricityUsdPerKwh', 'pue', 'gridGco2PerKwh']],
  ['Output:', ['request', 'json', 'csv', 'top', 'emit', 'emitOut', 'timeline', 'timelineInterval']],
];

const PLANNING_COMMANDS = ['recommend', 'predict', 'simulate', 'capacity', 'compare-api'];

/** Puts each flag of the planning commands under its concern's heading in `--help`. */
export function groupHelp(program: Command): void {
  const groupOf = new Map(GROUPS.flatMap(([heading, fields]) => fields.map((f) => [f, heading] as const)));
  for (const cmd of program.commands) {
    if (!PLANNING_COMMANDS.includes(cmd.name())) continue;
    for (const option of cmd.options) {
      const heading = groupOf.get(option.attributeName());
      if (heading) option.helpGroup(heading);
    }
  }
}
