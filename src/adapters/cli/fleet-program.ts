import type { Command } from 'commander';
import type { PlannerData } from '../../app/planner-data.js';
import type { CommandOutput } from '../command-output.js';
import type { Progress } from './progress.js';

/**
 * `infersave fleet` and recommend's spot-interruption flags (kept out of program.ts, which is at its size
 * limit). Call after recommend is defined.
 */
export function addFleetCommand(
  program: Command,
  data: PlannerData,
  progress: Progress,
  finishLater: (r: Promise<CommandOutput>) => void,
): void {
  program.commands
    .find((c) => c.name() === 'recommend')
    ?.option(
      '--spot-interruptions-per-hour <r>',
      'with --pricing spot: expected interruptions per instance-hour (required; no provider publishes one)',
    )
    .option(
      '--spot-restart <d>',
      'with --pricing spot: time to replace an interrupted instance and reload (batch work: default 0; latency SLOs: required, no provider publishes one)',
    )
    .option(
      '--reserved-discount <f>',
      'with --pricing reserved: your commitment as a fraction off on-demand, e.g. 0.37 (any cloud or term; default: the catalog’s, AWS 1-year no-upfront only)',
    );
  program
    .command('fleet')
    .description(
      'the cheapest mix of instance types (across clouds) for a request-size distribution at a rate within latency SLOs: per-bucket capacity from the simulator, exact MILP, replayed to check the SLO',
    )
    .option('--model <id>', 'catalog model (infersave models)')
    .option('--precision <p>', 'serving precision (default: the checkpoint dtype)')
    .option('--trace <file>', 'request sizes and arrivals: Azure 2023, Mooncake, BurstGPT or plain CSV')
    .option('--trace-format <format>', 'azure, mooncake, burstgpt or plain (default: from the header)')
    .option('--on-bad-row <policy>', 'skip (default) or fail')
    .option('--first <n>', 'only the first N requests of the trace')
    .option('--distribution <file>', 'or a CSV of input_tokens,output_tokens,weight (needs --rate)')
    .option('--rate <r>', 'total requests/s (default: the trace’s mean rate)')
    .option('--cloud <list>', 'clouds to rent from (default aws,gcp,azure,lambda)')
    .option('--region <list>', 'one region per cloud; cloud:region where a name exists in two clouds')
    .option('--instances <patterns>', 'only these instance types (shell patterns, comma-separated)')
    .option('--pricing <p>', 'on-demand (default), reserved or spot')
    .option(
      '--spot-interruptions-per-hour <r>',
      'with --pricing spot: expected interruptions per instance-hour',
    )
    .option('--spot-restart <d>', 'with --pricing spot: time to replace an interrupted instance (required)')
    .option('--slo-ttft-p95 <d>', 'P95 time-to-first-token target')
    .option('--slo-tpot-p95 <d>', 'P95 time-per-output-token target')
    .option('--slo-e2e-p95 <d>', 'P95 end-to-end latency target, e.g. 20s')
    .option('--slo-ttft-p99 <d>', 'P99 time-to-first-token target')
    .option('--slo-tpot-p99 <d>', 'P99 time-per-output-token target')
    .option('--slo-e2e-p99 <d>', 'P99 end-to-end latency target')
    .option('--input-bucket-edges <list>', 'prompt-token bucket edges (default 512,2048,8192)')
    .option('--output-bucket-edges <list>', 'output-token bucket edges (default 128,512)')
    .option('--slice-factor <k>', 'Mélange slices per bucket, each on one type (default: split freely)')
    .option(
      '--max-utilization <f>',
      'plan on this share of simulated capacity (default: search from 1 down by ×0.9 until the replay meets the SLO)',
    )
    .option('--probe-requests <n>', 'requests per capacity probe (default 200)')
    .option('--replay-requests <n>', 'requests replayed for a --distribution (default 2000)')
    .option('--engine <id>', 'serving engine step overheads: vllm (default) or none')
    .option('--mip-gap <f>', 'relative MIP gap to stop at (default 0: exact)')
    .option('--time-limit <d>', 'MILP time limit (default 30s)')
    .option('--seed <n>', 'seed (default 1)')
    .option('--emit <target>', 'deployable output instead: skypilot (a SkyServe service per type) or k8s')
    .option('--emit-out <file>', 'write the --emit output to this file')
    .option('--json', 'machine-readable output')
    .action((opts) =>
      finishLater(import('./fleet-command.js').then((m) => m.runFleet(opts, data, progress))),
    );
}
