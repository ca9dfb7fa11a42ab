import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectCleanFailure } from './fixtures/expect-clean-failure.js';
import { cli } from './fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'infersave-serving-bad-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const GOOD_TRACE = file(
  'good.csv',
  'TIMESTAMP,ContextTokens,GeneratedTokens\n' +
    '2023-11-16 18:15:46.0000000,374,44\n2023-11-16 18:15:47.0000000,396,109\n' +
    '2023-11-16 18:15:48.0000000,512,20\n',
);
const BAD_ROWS = file(
  'bad-rows.csv',
  'TIMESTAMP,ContextTokens,GeneratedTokens\n' +
    '2023-11-16 18:15:46.0000000,374,44\n2023-11-16 18:15:47.0000000,-3,109\n' +
    '2023-11-16 18:15:48.0000000,512,abc\n2023-11-16 18:15:49.0000000,100,10\n',
);
const UNKNOWN_FORMAT = file('mystery.csv', 'when,prompt,completion\n1,2,3\n');

const SIM: Record<string, string> = {
  '--model': 'meta-llama/Llama-3.1-8B',
  '--instance': 'g6e.xlarge',
  '--rate': '5',
  '--requests': '100',
  '--input-tokens': '256',
  '--output-tokens': '64',
};
const CAP: Record<string, string> = { ...SIM, '--slo-e2e-p95': '20s' };
const { '--instance': _oneInstance, ...SYNTHETIC } = SIM;
const REC: Record<string, string> = { ...SYNTHETIC, '--instances': 'g6e.xlarge', '--slo-ttft-p95': '1s' };

type Command = 'simulate' | 'capacity' | 'recommend';
const BASE: Record<Command, Record<string, string>> = { simulate: SIM, capacity: CAP, recommend: REC };

/** argv for `command` with `changes` applied: a string replaces a flag's value, '' makes it bare, null drops it. */
function argv(command: Command, changes: Record<string, string | null> = {}): string[] {
  const flags = { ...BASE[command], ...changes };
  return [
    command,
    ...Object.entries(flags).flatMap(([flag, v]) => (v === null ? [] : v === '' ? [flag] : [`${flag}=${v}`])),
  ];
}

const TRACE_NOT_SYNTHETIC = {
  '--rate': null,
  '--requests': null,
  '--input-tokens': null,
  '--output-tokens': null,
};

interface Case {
  name: string;
  argv: string[];
  exit: 1 | 2;
  mentions: (string | RegExp)[];
}

const CASES: Case[] = [
  {
    name: 'no workload at all',
    argv: argv('simulate', TRACE_NOT_SYNTHETIC),
    exit: 2,
    mentions: ['--trace is required', '--trace FILE', '--rate R --requests N'],
  },
  {
    name: 'a trace and synthetic flags together',
    argv: argv('simulate', { '--trace': GOOD_TRACE }),
    exit: 2,
    mentions: ['--trace: give a trace or a synthetic workload, not both', '--requests', '--input-tokens'],
  },
  {
    name: '--duration without a unit',
    argv: argv('simulate', { '--requests': null, '--duration': '10' }),
    exit: 2,
    mentions: ["--duration: '10' is not a positive duration with a unit, e.g. 250ms, 1s, 2m"],
  },
  {
    name: '--requests and --duration together',
    argv: argv('simulate', { '--duration': '1m' }),
    exit: 2,
    mentions: ['--requests or --duration, not both'],
  },
  {
    name: 'neither --requests nor --duration',
    argv: argv('simulate', { '--requests': null }),
    exit: 2,
    mentions: ['--requests is required', '--duration'],
  },
  {
    name: 'an unknown --arrival',
    argv: argv('simulate', { '--arrival': 'bursty' }),
    exit: 2,
    mentions: ["--arrival: 'bursty' is not one of poisson, gamma, constant"],
  },
  {
    name: '--cv 0',
    argv: argv('simulate', { '--arrival': 'gamma', '--cv': '0' }),
    exit: 2,
    mentions: ["--cv: '0' is not a positive number"],
  },
  {
    name: '--cv negative',
    argv: argv('simulate', { '--cv': '-1' }),
    exit: 2,
    mentions: ["--cv: '-1' is not a positive number"],
  },
  {
    name: '--cv with Poisson arrivals',
    argv: argv('simulate', { '--arrival': 'poisson', '--cv': '2' }),
    exit: 2,
    mentions: ['--cv: applies to --arrival gamma, not poisson'],
  },
  {
    name: 'synthetic without --rate',
    argv: argv('simulate', { '--rate': null }),
    exit: 2,
    mentions: ['--rate is required'],
  },
  {
    name: 'a token range upside down',
    argv: argv('simulate', { '--input-tokens': '512-128' }),
    exit: 2,
    mentions: ["--input-tokens: '512-128': the range's minimum is above its maximum"],
  },
  {
    name: 'a token count that is not one',
    argv: argv('simulate', { '--output-tokens': 'lots' }),
    exit: 2,
    mentions: ["--output-tokens: 'lots' is not a token count N or a range MIN-MAX"],
  },
  {
    name: 'too many synthetic requests',
    argv: argv('simulate', { '--requests': '20000000' }),
    exit: 2,
    mentions: ['--requests', 'more than the 10000000'],
  },
  {
    name: 'a trace that does not exist',
    argv: argv('simulate', { ...TRACE_NOT_SYNTHETIC, '--trace': join(dir, 'nowhere.csv') }),
    exit: 2,
    mentions: ['nowhere.csv', 'cannot read the trace', 'ENOENT'],
  },
  {
    name: 'a trace in no known format',
    argv: argv('simulate', { ...TRACE_NOT_SYNTHETIC, '--trace': UNKNOWN_FORMAT }),
    exit: 2,
    mentions: ['mystery.csv', 'cannot tell the trace format', 'azure, mooncake, burstgpt or plain'],
  },
  {
    name: 'an unknown --trace-format',
    argv: argv('simulate', { ...TRACE_NOT_SYNTHETIC, '--trace': GOOD_TRACE, '--trace-format': 'csv' }),
    exit: 2,
    mentions: ["--trace-format: 'csv' is not one of azure, mooncake, burstgpt, plain"],
  },
  {
    name: '--on-bad-row fail lists the bad rows with their lines',
    argv: argv('simulate', { ...TRACE_NOT_SYNTHETIC, '--trace': BAD_ROWS, '--on-bad-row': 'fail' }),
    exit: 2,
    mentions: [
      'bad-rows.csv:3: bad row: ContextTokens is negative (-3)',
      "bad-rows.csv:4: bad row: GeneratedTokens is 'abc', not a number",
      '2 bad rows',
      'nothing imported',
    ],
  },
  {
    name: 'an unknown --on-bad-row policy',
    argv: argv('simulate', { ...TRACE_NOT_SYNTHETIC, '--trace': GOOD_TRACE, '--on-bad-row': 'ignore' }),
    exit: 2,
    mentions: ["--on-bad-row: 'ignore' is not one of skip, fail"],
  },
  {
    name: 'a trace-only flag on a synthetic workload',
    argv: argv('simulate', { '--first': '10' }),
    exit: 2,
    mentions: ['--first: applies to --trace only'],
  },
  {
    name: 'an SLO duration without a unit',
    argv: argv('simulate', { '--slo-ttft-p95': '1' }),
    exit: 2,
    mentions: ["--slo-ttft-p95: '1' is not a positive duration with a unit"],
  },
  {
    name: 'an unknown --router and --preemption',
    argv: argv('simulate', { '--router': 'random', '--preemption': 'drop' }),
    exit: 2,
    mentions: ["--router: 'random' is not one of", "--preemption: 'drop' is not one of recompute, swap"],
  },
  {
    name: 'a tensor-parallel degree the instance cannot take',
    argv: argv('simulate', { '--instance': 'g6e.12xlarge', '--tensor-parallel': '3' }),
    exit: 2,
    mentions: ['--tensor-parallel 3', 'valid: 1, 2, 4'],
  },
  {
    name: 'swap on bare GPUs without host RAM',
    argv: argv('simulate', { '--instance': null, '--gpu': 'L40S', '--preemption': 'swap' }),
    exit: 2,
    mentions: ['--preemption: swap on bare GPUs needs the host RAM: add --host-memory-gib'],
  },
  {
    name: 'a timeline that cannot be written',
    argv: argv('simulate', { '--timeline': join(dir, 'no', 'such', 'dir', 't.csv') }),
    exit: 2,
    mentions: ['--timeline: cannot write', 'does not exist', 't.csv'],
  },
  {
    name: 'a model too large for the KV cache of the instance',
    argv: argv('simulate', { '--model': 'meta-llama/Llama-3.1-70B', '--instance': 'g6.xlarge' }),
    exit: 1,
    mentions: ['KV cache too small on 1× L4', 'the model leaves no room for KV cache'],
  },
  {
    name: 'capacity without any P95 target',
    argv: argv('capacity', { '--slo-e2e-p95': null }),
    exit: 2,
    mentions: ['--slo-e2e-p95 is required', '--slo-ttft-p95'],
  },
  {
    name: 'capacity with --rate on a trace',
    argv: argv('capacity', { ...TRACE_NOT_SYNTHETIC, '--trace': GOOD_TRACE, '--rate': '5' }),
    exit: 2,
    mentions: ['--rate: capacity finds the rate itself'],
  },
  {
    name: 'capacity with --instance and --instances',
    argv: argv('capacity', { '--instances': 'g6.*' }),
    exit: 2,
    mentions: ['give --instance or --instances, not both'],
  },
  {
    name: 'capacity with an unknown instance, with a did-you-mean',
    argv: argv('capacity', { '--instance': 'g6e.xlarg' }),
    exit: 2,
    mentions: ["unknown instance 'g6e.xlarg'", 'did you mean g6e.xlarge?'],
  },
  {
    name: 'recommend with a throughput and a latency SLO',
    argv: argv('recommend', { '--slo-tps': '400' }),
    exit: 2,
    mentions: [
      '--slo-tps: choose a throughput SLO (--slo-tps) or latency SLOs (--slo-ttft-p95, --slo-tpot-p95 or --slo-e2e-p95), not both',
    ],
  },
  {
    name: 'recommend under latency SLOs with --batch-size',
    argv: argv('recommend', { '--batch-size': '32' }),
    exit: 2,
    mentions: ['--batch-size: applies to --slo-tps'],
  },
  {
    name: 'recommend with a trace but no latency SLO',
    argv: [
      'recommend',
      ...['--model', 'facebook/opt-2.7b', '--input-tokens', '128', '--output-tokens', '512'],
      ...['--batch-size', '32', '--slo-tps', '400', '--trace', GOOD_TRACE],
    ],
    exit: 2,
    mentions: ['--trace: applies under latency SLOs'],
  },
  {
    name: 'recommend under latency SLOs with an unknown region and no matching instances',
    argv: argv('recommend', { '--region': 'mars-1', '--instances': 'zz*' }),
    exit: 2,
    mentions: ["--region: no instance is priced in 'mars-1'", '--instances zz*'],
  },
  {
    name: 'recommend on a one-request trace without --rate',
    argv: argv('recommend', {
      ...TRACE_NOT_SYNTHETIC,
      '--trace': file('one.csv', 'arrival_s,input_tokens,output_tokens\n0,100,10\n'),
    }),
    exit: 2,
    mentions: ['--rate is required', 'no mean rate'],
  },
  {
    name: 'recommend under an unreachable SLO exits 1 naming the P95 that missed',
    argv: argv('recommend', { '--slo-ttft-p95': '1ms' }),
    exit: 1,
    mentions: ['no instance type serves 5.00 req/s', /TTFT P95 [\d.]+ ms > 1\.0 ms/],
  },
];

describe('serving commands: bad input gets a clear message, the right exit code, no stack trace', () => {
  it.each(CASES)('$name', async ({ argv: args, exit, mentions }) => {
    expectCleanFailure(await cli(...args), args, exit, mentions);
  });
});

describe('serving commands report every problem at once', () => {
  it('a bad duration, a bad arrival, a bad cv and an unreadable trace flag give one line each', async () => {
    const run = await cli(
      ...argv('simulate', {
        '--duration': '10',
        '--requests': null,
        '--arrival': 'bursty',
        '--cv': '0',
        '--router': 'random',
      }),
    );
    expect(run.code).toBe(2);
    const errors = run.err.split('\n').filter((line) => line.startsWith('error: '));
    for (const flag of ['--duration', '--arrival', '--cv', '--router']) {
      expect(errors.some((e) => e.includes(flag))).toBe(true);
    }
  });

  it('flag problems and the trace’s own problems come together', async () => {
    const run = await cli(
      ...argv('simulate', {
        ...TRACE_NOT_SYNTHETIC,
        '--trace': join(dir, 'missing.csv'),
        '--model': 'nope/nope',
        '--max-num-seqs': '0',
      }),
    );
    expect(run.code).toBe(2);
    expect(run.err).toContain("unknown model 'nope/nope'");
    expect(run.err).toContain('--max-num-seqs');
    expect(run.err).toContain('cannot read the trace');
  });
});
