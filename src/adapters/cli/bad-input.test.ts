import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectCleanFailure } from './fixtures/expect-clean-failure.js';
import { cli } from './fixtures/run-cli.js';

/** Flags with the issue example's values, keyed by flag so a case can replace or drop one. */
const RECOMMEND: Record<string, string> = {
  '--model': 'facebook/opt-2.7b',
  '--input-tokens': '128',
  '--output-tokens': '512',
  '--batch-size': '32',
  '--requests': '3000',
  '--slo-tps': '400',
  '--max-price': '3',
};
const PREDICT: Record<string, string> = {
  '--model': 'meta-llama/Llama-3.1-8B',
  '--instance': 'g6.xlarge',
  '--input-tokens': '1024',
  '--output-tokens': '128',
  '--batch-size': '16',
};

/** argv for `command` with `changes` applied: a string replaces a flag's value, null drops the flag. */
function argv(command: 'recommend' | 'predict', changes: Record<string, string | null> = {}): string[] {
  const flags = { ...(command === 'recommend' ? RECOMMEND : PREDICT), ...changes };
  return [
    command,
    ...Object.entries(flags).flatMap(([flag, v]) => (v === null ? [] : v === '' ? [flag] : [`${flag}=${v}`])),
  ];
}

const dir = mkdtempSync(join(tmpdir(), 'infersave-bad-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, text: string): string {
  mkdirSync(join(dir, name), { recursive: true });
  const path = join(dir, name, 'config.json');
  writeFileSync(path, text);
  return path;
}

const GOOD_CONFIG = {
  architectures: ['LlamaForCausalLM'],
  hidden_size: 4096,
  intermediate_size: 14336,
  model_type: 'llama',
  num_attention_heads: 32,
  num_hidden_layers: 32,
  num_key_value_heads: 8,
  torch_dtype: 'bfloat16',
  vocab_size: 128256,
};
const { hidden_size: _dropped, ...NO_HIDDEN_SIZE } = GOOD_CONFIG;
const BAD_JSON = configFile('bad-json', '{\n  "model_type": "llama",\n  "hidden_size": 4096,,\n}\n');
const MISSING_FIELD = configFile('no-hidden-size', JSON.stringify(NO_HIDDEN_SIZE));
const UNSUPPORTED = configFile('bert', JSON.stringify({ ...GOOD_CONFIG, model_type: 'bert' }));

interface Case {
  name: string;
  argv: string[];
  /** Expected exit code: 2 for bad input, 1 when the input is fine but nothing qualifies. */
  exit: 1 | 2;
  /** Text the message must contain: the flag or field, and the fix. */
  mentions: (string | RegExp)[];
}

const numberCases: Case[] = ['--input-tokens', '--output-tokens', '--batch-size'].flatMap((flag) =>
  ['0', '-5', '1.5', 'abc', ''].map((value) => ({
    name: `${flag} ${value === '' ? '(no value)' : value}`,
    argv: argv('recommend', { [flag]: value === '' ? null : value }),
    exit: 2 as const,
    mentions: [flag, value === '' ? 'is required' : `'${value}' is not a positive whole number`],
  })),
);

const CASES: Case[] = [
  {
    name: 'unknown model, with a did-you-mean',
    argv: argv('recommend', { '--model': 'facebook/opt-2.7' }),
    exit: 2,
    mentions: ["unknown model 'facebook/opt-2.7'", 'did you mean facebook/opt-2.7b?', 'infersave models'],
  },
  {
    name: 'unknown instance, with a did-you-mean',
    argv: argv('predict', { '--instance': 'g5.xlarg' }),
    exit: 2,
    mentions: ["unknown instance 'g5.xlarg'", 'did you mean g5.xlarge?'],
  },
  {
    name: 'unknown GPU, with a did-you-mean',
    argv: argv('predict', { '--instance': null, '--gpu': 'H100-SXN' }),
    exit: 2,
    mentions: ["unknown GPU 'H100-SXN'", 'did you mean H100-SXM?', 'infersave gpus'],
  },
  {
    name: 'config.json that is not JSON, with the position',
    argv: argv('predict', { '--model': null, '--model-config': BAD_JSON }),
    exit: 2,
    mentions: [BAD_JSON, 'not valid JSON at line 3, column'],
  },
  {
    name: 'config.json without hidden_size',
    argv: argv('predict', { '--model': null, '--model-config': MISSING_FIELD }),
    exit: 2,
    mentions: ["no 'hidden_size'"],
  },
  {
    name: 'config.json with an unsupported model_type',
    argv: argv('predict', { '--model': null, '--model-config': UNSUPPORTED }),
    exit: 2,
    mentions: ['model_type', 'bert', 'supported types: ', 'llama'],
  },
  {
    name: 'config.json that does not exist',
    argv: argv('predict', { '--model': null, '--model-config': join(dir, 'nowhere', 'config.json') }),
    exit: 2,
    mentions: ['cannot read', 'nowhere'],
  },
  ...numberCases,
  {
    name: '--requests 0',
    argv: argv('recommend', { '--requests': '0' }),
    exit: 2,
    mentions: ['--requests'],
  },
  { name: '--slo-tps 0', argv: argv('recommend', { '--slo-tps': '0' }), exit: 2, mentions: ['--slo-tps'] },
  {
    name: '--slo-tps NaN',
    argv: argv('recommend', { '--slo-tps': 'NaN' }),
    exit: 2,
    mentions: ['--slo-tps'],
  },
  {
    name: '--max-price 0',
    argv: argv('recommend', { '--max-price': '0' }),
    exit: 2,
    mentions: ["--max-price: '0' is not a positive number"],
  },
  {
    name: '--max-price Infinity',
    argv: argv('recommend', { '--max-price': 'Infinity' }),
    exit: 2,
    mentions: ['--max-price'],
  },
  {
    name: '--precision fp7',
    argv: argv('recommend', { '--precision': 'fp7' }),
    exit: 2,
    mentions: ['--precision', 'fp7', 'bf16'],
  },
  {
    name: '--gpu-memory-utilization 1.5',
    argv: argv('recommend', { '--gpu-memory-utilization': '1.5' }),
    exit: 2,
    mentions: ['--gpu-memory-utilization', '(0, 1]'],
  },
  {
    name: 'unknown --catalog',
    argv: argv('recommend', { '--catalog': 'oracle' }),
    exit: 2,
    mentions: ["unknown catalog 'oracle'", 'aws'],
  },
  {
    name: 'unknown --region, with a did-you-mean',
    argv: argv('recommend', { '--region': 'us-eest-1' }),
    exit: 2,
    mentions: ['--region', 'did you mean us-east-1?'],
  },
  {
    name: 'unknown --region for predict',
    argv: argv('predict', { '--region': 'mars-1' }),
    exit: 2,
    mentions: ['--region', "'mars-1'", 'eu-west-1'],
  },
  {
    name: 'unknown --region for instances',
    argv: ['instances', '--region', 'mars-1'],
    exit: 2,
    mentions: ['--region', "'mars-1'"],
  },
  {
    name: '--instances matching nothing',
    argv: argv('recommend', { '--instances': 'nomatch*' }),
    exit: 2,
    mentions: ['--instances nomatch*', 'infersave instances'],
  },
  {
    name: 'both --model and --model-config',
    argv: argv('recommend', { '--model-config': MISSING_FIELD }),
    exit: 2,
    mentions: ['--model or --model-config, not both'],
  },
  {
    name: 'neither --instance nor --gpu',
    argv: argv('predict', { '--instance': null }),
    exit: 2,
    mentions: ['--instance', '--gpu'],
  },
  {
    name: 'both --instance and --gpu',
    argv: argv('predict', { '--gpu': 'L4' }),
    exit: 2,
    mentions: ['--instance or --gpu, not both'],
  },
  {
    name: 'a tensor-parallel degree the GPUs cannot take',
    argv: argv('predict', {
      '--instance': null,
      '--gpu': 'H100-SXM',
      '--gpu-count': '2',
      '--tensor-parallel': '3',
    }),
    exit: 2,
    mentions: ['--tensor-parallel 3', 'valid: 1, 2'],
  },
  {
    name: 'unknown --predictor',
    argv: argv('recommend', { '--predictor': 'magic' }),
    exit: 2,
    mentions: ["unknown predictor 'magic'", 'roofline'],
  },
  {
    name: 'unknown --calibration',
    argv: argv('recommend', { '--calibration': 'nope' }),
    exit: 2,
    mentions: ["unknown calibration 'nope'"],
  },
  {
    name: '--json with --csv',
    argv: argv('recommend', { '--json': '', '--csv': '' }),
    exit: 2,
    mentions: ['--json or --csv'],
  },
  { name: 'an unknown flag', argv: argv('recommend', { '--bogus': '1' }), exit: 2, mentions: ['--bogus'] },
  {
    name: 'an impossible SLO names the closest option and the shortfall',
    argv: argv('recommend', { '--slo-tps': '1000000' }),
    exit: 1,
    mentions: ['--slo-tps', /Closest within budget: g\S+ at [\d,.]+ TPS, [\d,.]+ TPS short\./],
  },
  {
    name: 'an SLO met only above the budget names that instance and how far over',
    argv: argv('recommend', { '--slo-tps': '5000', '--catalog': 'aws' }),
    exit: 1,
    mentions: ['--max-price', /\S+\.\S+ meets it at \$[\d.]+\/h, \$[\d.]+\/h over --max-price\./],
  },
  {
    name: 'a model no instance in the filter can hold',
    argv: argv('recommend', { '--model': 'meta-llama/Llama-3.1-70B', '--instances': 'g4dn.xlarge' }),
    exit: 1,
    mentions: ['model does not fit', '--batch-size'],
  },
];

describe('bad input: a clear message, a non-zero exit, no stack trace', () => {
  it.each(CASES)('$name', async ({ argv: args, exit, mentions }) => {
    expectCleanFailure(await cli(...args), args, exit, mentions);
  });
});

describe('bad input is reported all at once', () => {
  it('two bad flags give two error lines', async () => {
    const run = await cli(...argv('recommend', { '--input-tokens': '0', '--precision': 'fp7' }));
    expect(run.code).toBe(2);
    const errors = run.err.split('\n').filter((line) => line.startsWith('error: '));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('--input-tokens');
    expect(errors[1]).toContain('--precision');
  });

  it('every missing required flag is named in one run', async () => {
    const run = await cli(...['recommend']);
    expect(run.code).toBe(2);
    for (const flag of ['--model', '--input-tokens', '--output-tokens', '--batch-size', '--slo-tps']) {
      expect(run.err).toContain(flag);
    }
  });

  it('an unknown model, a bad number and an unknown catalog together give three error lines', async () => {
    const run = await cli(
      ...argv('recommend', { '--model': 'nope/nope', '--batch-size': 'x', '--catalog': 'oracle' }),
    );
    expect(run.err.split('\n').filter((line) => line.startsWith('error: '))).toHaveLength(3);
  });

  it('a bad --region and an --instances pattern matching nothing are both reported', async () => {
    const run = await cli(...argv('recommend', { '--region': 'mars-1', '--instances': 'zz*' }));
    expect(run.err.split('\n').filter((line) => line.startsWith('error: '))).toHaveLength(2);
  });
});
