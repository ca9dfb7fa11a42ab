import { Command, Option } from 'commander';
import type { PlannerData } from '../../app/planner-data.js';
import { latencyFlagsGiven } from '../../app/serving-inputs.js';
import type { CommandOutput } from '../command-output.js';
import { packageVersion } from '../fs/version.js';
import { addCalibrateCommand } from './calibrate-program.js';
import { addCapacityMixCommand } from './capacity-mix-program.js';
import { addCostTableCommands, benchRampOptions } from './cost-table-program.js';
import { addFleetCommand } from './fleet-program.js';
import { groupHelp } from './help-groups.js';
import { runGpus, runInstances, runModels } from './list-commands.js';
import { forceOption } from './output-options.js';
import { runPredict } from './predict-command.js';
import { NO_PROGRESS, type Progress } from './progress.js';
import { runRecommend } from './recommend-command.js';
import { addRequestFiles } from './request-file.js';
import { capacityOptions, recommendServingOptions, servingFlags } from './serving-options.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  exit(code: number): void;
  /** A progress bar for long loops (capacity, recommend under latency SLOs); none by default. */
  progress?: Progress;
}

function modelOptions(cmd: Command): Command {
  return cmd
    .option('--model <id>', 'catalog model id, e.g. facebook/opt-2.7b (list: infersave models)')
    .option('--model-config <path>', 'a Hugging Face config.json instead of --model')
    .option('--served-model-name <id>', 'what vllm serve loads (default: the config’s _name_or_path)');
}

function workloadOptions(cmd: Command): Command {
  return cmd
    .option('--input-tokens <n>', 'prompt tokens per request (latency SLOs, synthetic: N or MIN-MAX)')
    .option('--output-tokens <n>', 'generated tokens per request (latency SLOs, synthetic: N or MIN-MAX)')
    .option('--batch-size <n>', 'requests processed together')
    .option('--requests <n>', 'requests in the whole task (default: one batch)')
    .option('--precision <list>', 'fp32, bf16, fp16, fp8, int8, int4 (comma-separated for recommend)')
    .option('--kv-cache-dtype <d>', 'KV cache: auto (the model’s 16-bit dtype) or fp8 (default: fp8 for fp8)')
    .option(
      '--predictor <id>',
      'time model: roofline (default), paper (eqs 4–6) or profiled (measured kernel tables)',
    )
    .option('--calibration <name|file>', 'CTCF calibration: built-in name (e.g. paper-2025-online) or a file')
    .option(
      '--engine <id>',
      'serving engine whose step overheads are added: vllm (default), sglang, trtllm, flexgen, none (kernels only)',
    )
    .option(
      '--offload-percent <n>',
      "with --engine flexgen: the KV cache's share in CPU memory, 0–100 (default: FlexGen's policy search)",
    )
    .option('--gpu-memory-utilization <f>', 'share of GPU memory the engine may use (default 0.9)')
    .option('--host-memory-utilization <f>', 'share of host RAM offloaded KV may use (default 0.9)')
    .option('--json', 'machine-readable JSON');
}

/** Energy prices, PUE, grid intensity and SM clock (docs/oasis.md). */
function energyOptions(cmd: Command, clock = true): Command {
  if (clock)
    cmd.option('--gpu-clock-mhz <n>', 'SM clock in the GPU’s documented range (default: its highest)');
  return cmd
    .option('--electricity-usd-per-kwh <usd>', 'electricity price (default 0.12, as OASIS)')
    .option('--pue <f>', 'data-centre PUE (default: the provider’s, Cloud Carbon Footprint; bare GPUs 1)')
    .option('--grid-gco2-per-kwh <g>', 'grid carbon intensity (default: the cloud region’s; bare GPUs none)');
}

/** Model, workload, engine, step-timer and SLO flags shared by simulate and capacity. */
function servingCommand(cmd: Command): Command {
  return servingFlags(modelOptions(cmd));
}

/**
 * The `infersave` command line, over injected data and I/O so it can run in tests. Commands that read a
 * trace finish later: their promises are pushed on `pending`.
 */
// Heavy commands (simulator, HTTP server, calibration) load on use, keeping `recommend` start-up short.
export function buildProgram(data: PlannerData, io: Io, pending: Promise<void>[] = []): Command {
  const finish = (r: CommandOutput) => {
    if (r.stdout) io.out(r.stdout);
    if (r.stderr) io.err(r.stderr);
    io.exit(r.exitCode);
  };
  const finishLater = (r: Promise<CommandOutput>) => {
    pending.push(r.then(finish));
  };
  const progress = io.progress ?? NO_PROGRESS;
  const program = new Command('infersave')
    .description(
      'Plan cost-efficient LLM serving in the cloud: which instance, what configuration, at what cost, and why.',
    )
    .version(packageVersion())
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  const recommend = energyOptions(workloadOptions(modelOptions(program.command('recommend'))), false)
    .option('--objective <kind>', 'rank by cost (default: cost efficiency), energy (J/token) or carbon')
    .description(
      'rank instances that meet a throughput SLO within a budget (--slo-tps), or choose instance type and ' +
        'count under P95 latency SLOs (--slo-ttft-p95, --slo-tpot-p95, --slo-e2e-p95) by simulation',
    )
    .option('--slo-tps <n>', 'required tokens per second (input + output, paper eq. 1)')
    .option('--max-price <usd>', 'maximum instance price, $ per hour')
    .option('--catalog <id>', 'one price catalog instead of clouds: aws, gcp, azure, lambda or paper-2025')
    .option('--cloud <list>', 'clouds to search (default aws,gcp,azure,lambda), each at its own region')
    .option(
      '--region <list>',
      'price regions (default: each cloud’s); a bare name prices every cloud that has it and leaves the others out; cloud:region is exact',
    )
    .option('--instances <patterns>', 'only these instance types, e.g. g4dn.*,g6.*')
    .option('--arch <list>', 'host CPU architectures allowed: x86_64, arm64 (default: both)')
    .addOption(
      new Option('--billing <rule>', 'billing rule (default: the catalog’s)').choices([
        'hourly',
        'per-second',
      ]),
    )
    .addOption(new Option('--pricing <kind>', 'price kind').choices(['on-demand', 'reserved', 'spot']))
    .option('--top <n>', 'candidates to show (default 5)')
    .option('--csv', 'CSV rows: candidates then rejections')
    .option('--emit <target>', 'print the pick as a deployment instead: vllm, skypilot or k8s')
    .option('--emit-out <file>', 'write the --emit deployment to this file (the usual output stays)')
    .addOption(forceOption());
  recommendServingOptions(recommend);
  recommend.action((opts) =>
    latencyFlagsGiven(opts)
      ? finishLater(
          import('./recommend-latency-command.js').then((m) => m.runRecommendLatency(opts, data, progress)),
        )
      : finish(runRecommend(opts, data)),
  );

  const simulate = energyOptions(servingCommand(program.command('simulate')))
    .description(
      'simulate serving a trace or synthetic workload on one placement: latency percentiles, goodput, ' +
        'throughput, KV use, by query type',
    )
    .option('--instance <id>', 'a catalog instance, e.g. g6e.xlarge')
    .option('--catalog <id>', 'catalog for --instance (default: the cloud that lists it)')
    .option('--region <region>', 'price region for --instance')
    .option('--gpu <id>', 'bare GPUs instead of an instance, e.g. H100-SXM')
    .option('--gpu-count <n>', 'number of --gpu GPUs (default 1)')
    .option('--mig <profile>', 'one MIG slice of --gpu, e.g. 3g.40gb (list: infersave gpus --mig)')
    .option('--host-memory-gib <n>', 'host RAM beside --gpu (for --preemption swap)')
    .option('--interconnect <kind>', 'GPU link for --gpu: nvlink or pcie')
    .option(
      '--concurrency <n>',
      'closed loop: N requests in flight, each finished one replaced at once by the next (instead of --rate)',
    )
    .option('--instances-count <n>', 'instances of that type behind the router (default 1)')
    .option('--tensor-parallel <n>', 'TP degree (default: smallest whose KV holds the longest request)')
    .option('--timeline <file.csv>', 'write the fleet state over time as CSV')
    .addOption(forceOption())
    .option('--timeline-interval <d>', 'seconds between timeline samples (default 1s)');
  simulate.action((opts) =>
    finishLater(import('./simulate-command.js').then((m) => m.runSimulate(opts, data))),
  );

  const capacity = capacityOptions(energyOptions(servingCommand(program.command('capacity')), false))
    .description('the maximum request rate each instance type serves within P95 latency targets')
    .option('--instances <patterns>', 'instance types to try, e.g. g6.*,g5.* (default: the whole catalog)')
    .option('--arch <list>', 'host CPU architectures allowed: x86_64, arm64 (default: both)')
    .option('--instance <id>', 'one instance type')
    .option('--catalog <id>', 'price catalog (default: the cloud that lists --instance, else aws)')
    .option('--region <region>', 'price region (default: the catalog’s)')
    .option('--pricing <kind>', 'on-demand (default) or reserved')
    .option('--instances-count <n>', 'instances of each type serving together (default 1)');
  capacity.action((opts) =>
    finishLater(import('./capacity-command.js').then((m) => m.runCapacity(opts, data, progress))),
  );

  program
    .command('pack')
    .description(
      'pack several models (a JSON or YAML tenants file: model, rate, token lengths, P95 SLO) onto the fewest GPUs, MIG slices or whole, solved exactly as a MILP',
    )
    .option('--tenants <file>', 'tenants file (schema: docs/oasis.md)')
    .option('--gpu <id>', 'GPU type to pack onto (default A100-80GB)')
    .option('--objective <kind>', 'gpus (default) or cost')
    .option(
      '--usd-per-gpu-hour <usd>',
      'price of one whole GPU (default: cheapest AWS instance with it ÷ its GPUs)',
    )
    .option('--no-mig', 'whole GPUs only')
    .option('--json', 'machine-readable output')
    .action((opts) => finishLater(import('./pack-command.js').then((m) => m.runPack(opts, data, progress))));

  program
    .command('provision')
    .description(
      'OASIS runtime provisioning over a trace: per window, rate per query type ÷ MSRR → MIG slice or whole GPUs; replayed through the simulator vs static peak and one GPU always on',
    )
    .option('--trace <file>', 'request trace: Azure 2023, Mooncake, BurstGPT or plain CSV')
    .option('--trace-format <format>', 'azure, mooncake, burstgpt or plain (default: from the header)')
    .option('--on-bad-row <policy>', 'skip (default) or fail')
    .option('--first <n>', 'only the first N requests of the trace')
    .option('--model <id>', 'catalog model (infersave models)')
    .option('--precision <p>', 'serving precision (default: the checkpoint dtype)')
    .option('--gpu <id>', 'GPU type (default A100-80GB)')
    .option('--mig-profiles <list>', 'MIG profiles usable below one GPU (default: all without +me)')
    .option('--no-mig', 'whole GPUs only')
    .option('--window <d>', 'provisioning window (default 5m)')
    .option('--scale-up-delay <d>', 'time for a new replica to start serving (default 60s, assumed)')
    .option('--slo-ttft-p95 <d>', 'P95 time-to-first-token target')
    .option('--slo-tpot-p95 <d>', 'P95 time-per-output-token target')
    .option('--slo-e2e-p95 <d>', 'P95 end-to-end latency target, e.g. 20s')
    .option('--slo-ttft-p99 <d>', 'P99 time-to-first-token target')
    .option('--slo-tpot-p99 <d>', 'P99 time-per-output-token target')
    .option('--slo-e2e-p99 <d>', 'P99 end-to-end latency target')
    .option('--query-type-threshold <tokens>', 'τ between short and long (default 500)')
    .option('--probe-requests <n>', 'requests per capacity probe (default 300)')
    .option(
      '--usd-per-gpu-hour <usd>',
      'price of one whole GPU (default: cheapest AWS instance with it ÷ its GPUs)',
    )
    .option(
      '--gpu-watts <w>',
      "fixed power of each billed GPU, W (default: the power model at each window's simulated activity)",
    )
    .option('--pue <x>', 'data-centre PUE (default 1: GPU energy only)')
    .option('--grid-gco2-per-kwh <g>', 'grid carbon intensity (no emissions without it)')
    .option('--seed <n>', 'seed (default 1)')
    .option('--json', 'machine-readable output')
    .option('--csv', 'the timeline of every strategy as CSV')
    .action((opts) =>
      finishLater(import('./provision-command.js').then((m) => m.runProvision(opts, data, progress))),
    );

  addCostTableCommands(program, data, finishLater, progress);
  const predict = energyOptions(workloadOptions(modelOptions(program.command('predict'))))
    .description('explain one placement: memory, offload, per-stage time and its bound, TPS, cost')
    .option('--instance <id>', 'a catalog instance, e.g. g6.xlarge')
    .option('--catalog <id>', 'catalog for --instance (default: the cloud that lists it)')
    .option('--region <region>', 'price region for --instance')
    .option('--gpu <id>', 'bare GPUs instead of an instance, e.g. H100-SXM (list: infersave gpus)')
    .option('--gpu-count <n>', 'number of --gpu GPUs (default 1)')
    .option('--mig <profile>', 'one MIG slice of --gpu, e.g. 3g.40gb (list: infersave gpus --mig)')
    .option('--host-memory-gib <n>', 'host RAM beside --gpu, for offloading checks')
    .addOption(new Option('--interconnect <kind>', 'GPU link for --gpu').choices(['nvlink', 'pcie']))
    .option('--tensor-parallel <n>', 'tensor-parallel degree (default: smallest that avoids offloading)')
    .option('--slo-tps <n>', 'optional SLO to check against')
    .option(
      '--concurrency <n>',
      'also simulate a closed loop at this concurrency: TTFT and TPOT percentiles (batch size defaults to it)',
    );
  predict.action((opts) => finish(runPredict(opts, data)));

  addCalibrateCommand(program, data, finishLater);
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
    .option('--catalog <id>', 'aws (default), gcp, azure, lambda or paper-2025')
    .option('--cloud <id>', 'one cloud: aws, gcp, azure or lambda (same as --catalog)')
    .option('--json', 'JSON')
    .action((opts) => finish(runInstances({ ...opts, catalog: opts.cloud ?? opts.catalog }, data)));
  program
    .command('regions')
    .description(
      'list the priced regions of each cloud, with how many instance types have spot and reserved prices',
    )
    .option('--cloud <list>', 'clouds (default aws,gcp,azure,lambda)')
    .option('--json', 'JSON')
    .action((opts) => finishLater(import('./regions-command.js').then((m) => m.runRegions(opts, data))));
  addFleetCommand(program, data, progress, finishLater);
  addCapacityMixCommand(program, data, progress, finishLater);
  program
    .command('compare-api')
    .description(
      'self-hosting vs hosted APIs: $/M input and output tokens, monthly cost, break-even volume, cost curve',
    )
    .option('--model <id>', 'catalog model id, e.g. meta-llama/Llama-3.1-70B (list: infersave models)')
    .option('--model-config <path>', 'a Hugging Face config.json instead of --model')
    .option('--input-tokens <n>', 'prompt tokens per request')
    .option('--output-tokens <n>', 'generated tokens per request')
    .option('--batch-size <n>', 'requests an engine serves together')
    .option('--precision <list>', 'fp32, bf16, fp16, fp8, int8, int4 (comma-separated)')
    .option('--predictor <id>', 'time model: roofline (default), paper or profiled')
    .option('--calibration <name|file>', 'CTCF calibration')
    .option('--gpu-memory-utilization <f>', 'share of GPU memory the engine may use (default 0.9)')
    .option('--host-memory-utilization <f>', 'share of host RAM offloaded KV may use (default 0.9)')
    .option('--cloud <list>', 'clouds to self-host on (default aws,gcp,azure,lambda)')
    .option('--region <list>', 'one region per cloud; cloud:region where a name exists in two clouds')
    .option('--pricing <list>', 'self-hosting prices: on-demand, reserved, spot (default on-demand,reserved)')
    .option('--instances <patterns>', 'only these instance types (shell patterns, comma-separated)')
    .option(
      '--api-model <list>',
      'hosted API models by LiteLLM id (data/v1/api-prices.json), comma-separated',
    )
    .option('--api-usd-per-million-input <usd>', 'or an API price per million input tokens')
    .option('--api-usd-per-million-output <usd>', 'and per million output tokens')
    .option('--tokens-per-month <n>', 'monthly volume (input + output tokens) to cost')
    .option('--requests-per-second <r>', 'or a steady request rate to cost')
    .option('--max-utilization <f>', 'share of an instance’s throughput to plan on (default 1)')
    .option('--csv', 'the cost-vs-volume curve as CSV')
    .option('--json', 'machine-readable JSON')
    .action((opts) =>
      finishLater(import('./compare-api-command.js').then((m) => m.runCompareApi(opts, data))),
    );
  program
    .command('serve')
    .description('serve the HTTP API (JSON; OpenAPI at /openapi.json) until SIGINT/SIGTERM')
    .option('--port <n>', 'TCP port (default 8080; 0 picks a free one)')
    .option('--host <address>', 'address to listen on (default 127.0.0.1)')
    .option('--workers <n>', 'worker threads for recommend and predict (default 2; 0 runs them inline)')
    .option(
      '--token <token>',
      'bearer token every /v1 request must send (or INFERSAVE_API_TOKEN); required when --host is not loopback',
    )
    .option(
      '--allowed-host <names>',
      'more Host names to answer (comma-separated); loopback binds answer only localhost names',
    )
    .option(
      '--cors-origin <origins>',
      'origins browsers may call the API from (comma-separated, or *); default: none',
    )
    .option(
      '--rate-limit <n>',
      'requests a minute per client on /v1 (0: off; default off on loopback, 600 otherwise)',
    )
    .option('--max-queue <n>', 'requests waiting for a worker before 503 (default 64)')
    .action((opts) =>
      finishLater(import('../http/serve-command.js').then((m) => m.runServe(opts, data, io))),
    );
  benchRampOptions(program.command('bench'))
    .description('load-test an OpenAI-compatible endpoint: TTFT, TPOT, E2E percentiles, tokens/s, $/M tokens')
    .option('--url <url>', 'server base URL, e.g. http://localhost:8000/v1')
    .option('--model <name>', 'model name the server serves')
    .addOption(new Option('--api <api>', 'endpoint (default completions)').choices(['completions', 'chat']))
    .option('--concurrency <n>', 'requests in flight at once (default 16)')
    .option('--requests <n>', 'requests in all (default 200)')
    .option('--input-tokens <n>', 'prompt tokens, approximate: one word repeated (default 512)')
    .option('--output-tokens <n>', 'max_tokens per request (default 128)')
    .option('--no-ignore-eos', 'do not send ignore_eos: true (for servers that refuse it)')
    .option('--no-warmup', 'skip the untimed 1-token warm-up requests (one per --concurrency)')
    .option('--price-per-hour <usd>', 'price of the deployment, $ per hour, for $/M tokens')
    .option('--timeout <d>', 'per-request time limit (default 60s)')
    .option('--out <file>', 'write a measurement file (infersave calibrate reads it)')
    .addOption(forceOption())
    .option('--gpu <id>', 'GPU the server runs on, for --out')
    .option('--gpu-count <n>', 'GPUs serving (tensor parallel), for --out (default 1)')
    .option('--precision <p>', 'precision of the served weights, for --out')
    .option('--json', 'machine-readable JSON')
    .action((opts) => finishLater(import('../loadtest/bench-command.js').then((m) => m.runBench(opts))));
  addRequestFiles(program, io.err);
  groupHelp(program);
  return program;
}

/**
 * Runs the CLI on argv (without node and script), mapping commander's own errors to exit code 2.
 * Commands that need no file finish before it returns; the promise settles when the others have.
 */
export function runCli(argv: string[], data: PlannerData, io: Io): Promise<void> {
  const pending: Promise<void>[] = [];
  const program = buildProgram(data, io, pending);
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
      return Promise.resolve();
    }
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      io.exit(2);
      return Promise.resolve();
    }
    throw error;
  }
  return Promise.all(pending).then(() => undefined);
}
