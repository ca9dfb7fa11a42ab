import { Command, Option } from 'commander';
import { runGpus, runInstances, runModels } from './list-commands.js';
import type { CommandOutput, PlannerData } from './planner-data.js';
import { runPredict } from './predict-command.js';
import { runRecommend } from './recommend-command.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  exit(code: number): void;
}

function modelOptions(cmd: Command): Command {
  return cmd
    .option('--model <id>', 'catalog model id, e.g. facebook/opt-2.7b (list: infersave models)')
    .option('--model-config <path>', 'a Hugging Face config.json instead of --model');
}

function workloadOptions(cmd: Command): Command {
  return cmd
    .option('--input-tokens <n>', 'prompt tokens per request')
    .option('--output-tokens <n>', 'generated tokens per request')
    .option('--batch-size <n>', 'requests processed together')
    .option('--requests <n>', 'requests in the whole task (default: one batch)')
    .option('--precision <list>', 'fp32, bf16, fp16, fp8, int8, int4 (comma-separated for recommend)')
    .option('--predictor <id>', 'time model: roofline (default) or paper')
    .option('--calibration <name|file>', 'CTCF calibration: built-in name (e.g. paper-2025-online) or a file')
    .option('--gpu-memory-utilization <f>', 'share of GPU memory the engine may use (default 0.9)')
    .option('--host-memory-utilization <f>', 'share of host RAM offloaded KV may use (default 0.9)')
    .option('--json', 'machine-readable JSON');
}

/** The `infersave` command line, over injected data and I/O so it can run in tests. */
export function buildProgram(data: PlannerData, io: Io): Command {
  const finish = (r: CommandOutput) => {
    if (r.stdout) io.out(r.stdout);
    if (r.stderr) io.err(r.stderr);
    io.exit(r.exitCode);
  };
  const program = new Command('infersave')
    .description(
      'Plan cost-efficient LLM serving in the cloud: which instance, what configuration, at what cost, and why.',
    )
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  const recommend = workloadOptions(modelOptions(program.command('recommend')))
    .description('rank instances that meet a throughput SLO within a budget, with baselines and rejections')
    .option('--slo-tps <n>', 'required tokens per second (input + output, paper eq. 1)')
    .option('--max-price <usd>', 'maximum instance price, $ per hour')
    .option('--catalog <id>', 'price catalog: aws (default) or paper-2025')
    .option('--region <region>', 'price region (default: the catalog’s, us-east-1)')
    .option('--instances <patterns>', 'only these instance types, e.g. g4dn.*,g6.*')
    .addOption(
      new Option('--billing <rule>', 'billing rule (default: the catalog’s)').choices([
        'hourly',
        'per-second',
      ]),
    )
    .addOption(new Option('--pricing <kind>', 'price kind').choices(['on-demand', 'reserved']))
    .option('--top <n>', 'candidates to show (default 5)')
    .option('--csv', 'CSV rows: candidates then rejections');
  recommend.action((opts) => finish(runRecommend(opts, data)));

  const predict = workloadOptions(modelOptions(program.command('predict')))
    .description('explain one placement: memory, offload, per-stage time and its bound, TPS, cost')
    .option('--instance <id>', 'a catalog instance, e.g. g6.xlarge')
    .option('--catalog <id>', 'catalog for --instance (default aws)')
    .option('--region <region>', 'price region for --instance')
    .option('--gpu <id>', 'bare GPUs instead of an instance, e.g. H100-SXM (list: infersave gpus)')
    .option('--gpu-count <n>', 'number of --gpu GPUs (default 1)')
    .option('--host-memory-gib <n>', 'host RAM beside --gpu, for offloading checks')
    .addOption(new Option('--interconnect <kind>', 'GPU link for --gpu').choices(['nvlink', 'pcie']))
    .option('--tensor-parallel <n>', 'tensor-parallel degree (default: smallest that avoids offloading)')
    .option('--slo-tps <n>', 'optional SLO to check against');
  predict.action((opts) => finish(runPredict(opts, data)));

  program
    .command('models')
    .description('list the model catalog')
    .option('--json', 'JSON')
    .action((opts) => finish(runModels(opts, data)));
  program
    .command('gpus')
    .description('list the GPU catalog')
    .option('--json', 'JSON')
    .action((opts) => finish(runGpus(opts, data)));
  program
    .command('instances')
    .description('list instance types with prices')
    .option('--gpu <id>', 'only instances with this GPU')
    .option('--region <region>', 'price region')
    .option('--catalog <id>', 'aws (default) or paper-2025')
    .option('--json', 'JSON')
    .action((opts) => finish(runInstances(opts, data)));
  return program;
}

/** Runs the CLI on argv (without node and script), mapping commander's own errors to exit code 2. */
export function runCli(argv: string[], data: PlannerData, io: Io): void {
  const program = buildProgram(data, io);
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    const e = error as { code?: string; exitCode?: number };
    if (
      e.code === 'commander.helpDisplayed' ||
      e.code === 'commander.version' ||
      e.code === 'commander.help'
    ) {
      io.exit(0);
      return;
    }
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      io.exit(2);
      return;
    }
    throw error;
  }
}
