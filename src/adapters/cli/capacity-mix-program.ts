import type { Command } from 'commander';
import { CAPACITY_MIX_DEFAULTS } from '../../app/capacity-mix-request.js';
import { DIURNAL_DEFAULTS } from '../../app/diurnal-profile.js';
import type { PlannerData } from '../../app/planner-data.js';
import type { CommandOutput } from '../command-output.js';
import { forceOption } from './output-options.js';
import type { Progress } from './progress.js';

/** `infersave capacity-mix` (kept out of program.ts, which is at its size limit). */
export function addCapacityMixCommand(
  program: Command,
  data: PlannerData,
  progress: Progress,
  finishLater: (r: Promise<CommandOutput>) => void,
): void {
  const d = CAPACITY_MIX_DEFAULTS;
  program
    .command('capacity-mix')
    .description(
      'reserved baseline, on-demand burst and spot batch capacity over a trace or a diurnal profile: the cheapest mix within latency SLOs (exact), vs all on-demand and all reserved, and the queue-depth autoscaling target the simulation supports',
    )
    .option('--trace <file>', 'request trace (sizes; and the demand unless --profile-mean-rate)')
    .option('--trace-format <format>', 'azure, mooncake, burstgpt or plain (default: from the header)')
    .option('--on-bad-row <policy>', 'skip (default) or fail')
    .option('--first <n>', 'only the first N requests of the trace')
    .option('--model <id>', 'catalog model (infersave models)')
    .option('--model-config <path>', 'a Hugging Face config.json instead of --model')
    .option('--served-model-name <id>', 'the id the plan names (default: the config’s _name_or_path)')
    .option('--precision <p>', 'serving precision (default: the checkpoint dtype)')
    .option('--gpu <id>', `GPU of one replica (default ${d.gpu})`)
    .option('--cloud <id>', `price catalog: aws (default), gcp, azure or lambda`)
    .option('--region <region>', 'price region (default: the cloud’s)')
    .option('--window <d>', `planning window, at least 1m (default ${d.windowSeconds / 60}m)`)
    .option(
      '--scale-up-delay <d>',
      `time an on-demand replica is billed before it serves (default ${d.scaleUpDelaySeconds}s, assumed)`,
    )
    .option('--slo-ttft-p95 <d>', 'P95 time-to-first-token target')
    .option('--slo-tpot-p95 <d>', 'P95 time-per-output-token target')
    .option('--slo-e2e-p95 <d>', 'P95 end-to-end latency target, e.g. 20s')
    .option('--slo-ttft-p99 <d>', 'P99 time-to-first-token target')
    .option('--slo-tpot-p99 <d>', 'P99 time-per-output-token target')
    .option('--slo-e2e-p99 <d>', 'P99 end-to-end latency target')
    .option('--probe-requests <n>', `requests per capacity probe (default ${d.probeRequests})`)
    .option(
      '--usd-per-gpu-hour <usd>',
      'on-demand price of one GPU (default: cheapest catalog instance ÷ its GPUs)',
    )
    .option(
      '--reserved-usd-per-gpu-hour <usd>',
      'reserved (committed) price of one GPU (default: AWS’s 1-year no-upfront price; required elsewhere, or --reserved-discount)',
    )
    .option('--reserved-discount <f>', 'or the commitment’s discount off on-demand, e.g. 0.37')
    .option('--batch-fraction <f>', 'share of requests that are deferrable batch work (default 0)')
    .option(
      '--spot-usd-per-gpu-hour <usd>',
      'with batch work: spot price of one GPU (default: the catalog’s, where it has one)',
    )
    .option(
      '--spot-interruptions-per-hour <r>',
      'with batch work: expected interruptions per instance-hour (required)',
    )
    .option(
      '--spot-restart <d>',
      'with batch work: time to replace an interrupted instance and reload (required)',
    )
    .option(
      '--profile-mean-rate <r>',
      'plan a diurnal profile at this mean requests/s instead of the trace’s arrivals',
    )
    .option(
      '--profile-amplitude <a>',
      `profile swing about the mean, 0–1 (default ${DIURNAL_DEFAULTS.amplitude})`,
    )
    .option(
      '--profile-peak-hour <h>',
      `profile peak hour of day, 0–24 (default ${DIURNAL_DEFAULTS.peakHour})`,
    )
    .option('--profile-days <n>', `profile length in days (default ${DIURNAL_DEFAULTS.days})`)
    .option('--seed <n>', 'seed (default 1)')
    .option(
      '--emit <target>',
      'deployable output instead: k8s (Deployment, Service, HPA at the simulated queue target)',
    )
    .option('--emit-out <file>', 'write the --emit output to this file')
    .addOption(forceOption())
    .option('--json', 'machine-readable output')
    .option('--csv', 'the window plan as CSV')
    .action((opts) =>
      finishLater(import('./capacity-mix-command.js').then((m) => m.runCapacityMix(opts, data, progress))),
    );
}
