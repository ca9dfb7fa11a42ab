import type { Command } from 'commander';
import type { PlannerData } from '../../app/planner-data.js';
import type { CommandOutput } from '../command-output.js';
import { forceOption } from './output-options.js';
import type { Progress } from './progress.js';

/** `cost-table` and `cost-table-merge` (docs/oasis.md, "Hardware cost table"). */
export function addCostTableCommands(
  program: Command,
  data: PlannerData,
  finishLater: (r: Promise<CommandOutput>) => void,
  progress: Progress,
): void {
  program
    .command('cost-table')
    .description(
      'OASIS hardware cost table, predicted: model × GPU or MIG slice × SM clock × max sequences × variant × query type → max serviceable rate (open-loop Poisson and closed-loop ramp) under a P95/P99 SLO, power, J/token, $/M tokens; over all cores',
    )
    .option('--model <id>', 'catalog model (infersave models)')
    .option('--precision <p>', 'serving precision (default: the checkpoint dtype)')
    .option('--gpu <id>', 'GPU type (default A100-80GB)')
    .option(
      '--mig <list>',
      'MIG profiles beside the whole GPU (default: all without +me; none: whole GPU only)',
    )
    .option('--no-whole-gpu', 'MIG slices only')
    .option('--gpu-clocks-mhz <list>', 'SM clocks (default: lowest documented, midpoint, highest)')
    .option('--max-num-seqs <list>', 'engine batch limits (default 16,32,64)')
    .option('--variants <list>', 'standard, prefix-caching, chunked-prefill (default all)')
    .option('--query-types <list>', 'SISO, SILO, LISO, LILO (default all)')
    .option('--rate-definitions <list>', 'open-loop-poisson, closed-loop-ramp (default both)')
    .option('--query-type-threshold <tokens>', 'τ between short and long (default 500)')
    .option('--small-tokens <n>', 'length of a short prompt or output (default 50, OASIS §4)')
    .option('--large-tokens <n>', 'length of a long prompt or output (default 1000, OASIS §4)')
    .option(
      '--trace <file>',
      'draw each type’s requests from a trace instead (Azure, Mooncake, BurstGPT, plain)',
    )
    .option('--trace-format <format>', 'azure, mooncake, burstgpt or plain (default: from the header)')
    .option('--slo-ttft-p95 <d>', 'P95 time-to-first-token target')
    .option('--slo-tpot-p95 <d>', 'P95 time-per-output-token target')
    .option('--slo-e2e-p95 <d>', 'P95 end-to-end target (default 20s, OASIS’s)')
    .option('--slo-ttft-p99 <d>', 'P99 time-to-first-token target')
    .option('--slo-tpot-p99 <d>', 'P99 time-per-output-token target')
    .option('--slo-e2e-p99 <d>', 'P99 end-to-end target')
    .option('--probe-requests <n>', 'requests per open-loop probe (default 200)')
    .option(
      '--closed-loop-requests <n>',
      'a closed loop at concurrency c runs max(3c, n) requests (default 60)',
    )
    .option('--engine <id>', 'engine step overheads: vllm (default), sglang, trtllm, none')
    .option(
      '--usd-per-gpu-hour <usd>',
      'price of one whole GPU (default: cheapest AWS instance with it ÷ its GPUs)',
    )
    .option('--electricity-usd-per-kwh <usd>', 'electricity price (default 0.12, as OASIS)')
    .option('--pue <f>', 'data-centre PUE (default 1: GPU energy only)')
    .option('--grid-gco2-per-kwh <g>', 'grid carbon intensity')
    .option(
      '--best <objective>',
      'best configuration per hardware and type by cost (default), energy or rate',
    )
    .option('--shard <i/N>', 'compute only configurations k with k mod N = i (merge with cost-table-merge)')
    .option('--workers <n>', 'worker threads (default: every core)')
    .option('--out <file>', 'also write the table as JSON (what cost-table-merge reads)')
    .addOption(forceOption())
    .option('--seed <n>', 'seed of the synthetic arrivals (default 1)')
    .option('--json', 'machine-readable output')
    .option('--csv', 'every row as CSV')
    .action((opts) =>
      finishLater(import('./cost-table-command.js').then((m) => m.runCostTable(opts, data, progress))),
    );
  program
    .command('cost-table-merge')
    .description('join the --shard outputs of one cost-table sweep (checks every shard is there once)')
    .argument('<files...>', 'the shards’ --out files')
    .option('--best <objective>', 'best configuration by cost (default), energy or rate')
    .option('--out <file>', 'write the merged table as JSON')
    .addOption(forceOption())
    .option('--json', 'machine-readable output')
    .option('--csv', 'every row as CSV')
    .action((files: string[], opts) =>
      finishLater(import('./cost-table-command.js').then((m) => m.runCostTableMerge(files, opts))),
    );
}

/** `bench --ramp`: OASIS's concurrency ramp against a live endpoint, filling a cost-table row. */
export function benchRampOptions(bench: Command): Command {
  return bench
    .option(
      '--ramp',
      'concurrency ramp (OASIS phase 1): from --concurrency up until the SLO fails → a cost-table row',
    )
    .option('--ramp-max <n>', 'ramp: highest concurrency tried (default 256)')
    .option('--query-type <type>', 'ramp: SISO, SILO, LISO (default) or LILO — lengths 50/1000 unless given')
    .option('--slo-ttft-p95 <d>', 'ramp: P95 time-to-first-token target')
    .option('--slo-tpot-p95 <d>', 'ramp: P95 time-per-output-token target')
    .option('--slo-e2e-p95 <d>', 'ramp: P95 end-to-end target (default 20s)')
    .option('--slo-ttft-p99 <d>', 'ramp: P99 time-to-first-token target')
    .option('--slo-tpot-p99 <d>', 'ramp: P99 time-per-output-token target')
    .option('--slo-e2e-p99 <d>', 'ramp: P99 end-to-end target')
    .option('--mig <profile>', 'ramp: the MIG slice the server runs on (row label)')
    .option(
      '--gpu-clock-mhz <n>',
      'ramp: the SM clock the GPU is set to (row label; InferSave never sets it)',
    )
    .option('--max-num-seqs <n>', 'ramp: the server’s --max-num-seqs (row label)')
    .option('--variant <v>', 'ramp: standard (default), prefix-caching or chunked-prefill (row label)')
    .option('--gpu-watts <w>', 'ramp: average board power read during the ramp (nvidia-smi)')
    .option('--electricity-usd-per-kwh <usd>', 'ramp: electricity price (default 0.12)')
    .option('--pue <f>', 'ramp: data-centre PUE (default 1)')
    .option('--cost-table-out <file>', 'ramp: write the measured row as a cost table (JSON)');
}
