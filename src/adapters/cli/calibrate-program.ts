import type { Command } from 'commander';
import type { PlannerData } from '../../app/planner-data.js';
import type { CommandOutput } from '../command-output.js';
import { forceOption } from './output-options.js';

/** `infersave calibrate` and its flags (kept out of program.ts, which is at its size limit). */
export function addCalibrateCommand(
  program: Command,
  data: PlannerData,
  finishLater: (r: Promise<CommandOutput>) => void,
): void {
  program
    .command('calibrate')
    .description(
      'fit CTCF (α, β per layer) per GPU or instance and stage from measured step times; writes a file for --calibration',
    )
    .argument('<files...>', 'measurement JSON files (src/core/measurement.ts)')
    .option('--out <file>', 'the calibration file to write')
    .addOption(forceOption())
    .option('--predictor <id>', 'predictor to calibrate: roofline (default) or paper')
    .option('--id <name>', 'calibration id (default: the --out file name)')
    .option('--gpu <id>', 'catalog GPU, where a file names none')
    .option('--instance <id>', 'catalog instance type, where a file names none')
    .option('--catalog <id>', 'catalog for instance types (default aws)')
    .option('--model <id>', 'catalog model, where a file names none')
    .option('--precision <p>', 'precision, where a file names none')
    .option('--gpu-count <n>', 'GPUs the benchmark ran on, where its format does not say')
    .option('--tensor-parallel <n>', 'tensor-parallel degree, where the format does not say')
    .option('--batch-size <n>', 'vllm bench latency: its --batch-size')
    .option('--input-len <n>', 'vllm bench latency/throughput: its --input-len')
    .option('--output-len <n>', 'vllm bench latency/throughput: its --output-len')
    .option('--max-num-seqs <n>', 'vllm bench throughput: the engine’s --max-num-seqs')
    .option('--concurrency <n>', 'vllm bench serve: --max-concurrency, where the file has none')
    .option(
      '--prefill-seconds <s>',
      'median prefill of the same batch (an --output-len 1 latency run), seconds',
    )
    .option('--engine <name>', 'serving engine behind a GuideLLM run, e.g. vllm')
    .option('--engine-version <v>', 'engine version; the files do not record it')
    .option(
      '--fit-through <how>',
      'serving benchmarks (vllm bench serve, infersave bench): simulator (default: their TTFT and TPOT through the serving simulator) or steps (their derived step samples)',
    )
    .option('--json', 'machine-readable JSON')
    .action((files: string[], opts) =>
      finishLater(import('./calibrate-command.js').then((m) => m.runCalibrate(files, opts, data))),
    );
}
