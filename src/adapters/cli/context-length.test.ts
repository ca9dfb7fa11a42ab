import { describe, expect, it } from 'vitest';
import { cli } from './fixtures/run-cli.js';

const LONG = ['--model', 'facebook/opt-2.7b', '--input-tokens', '100000', '--output-tokens', '512'];

describe('the model’s context length is checked (issue 12: opt-2.7b is limited to 2048 tokens)', () => {
  it('recommend rejects every instance with the reason and emits no vllm serve with --max-model-len 100512', async () => {
    const r = await cli('recommend', ...LONG, '--batch-size', '1', '--slo-tps', '1', '--emit', 'vllm');
    expect(r.code).toBe(1);
    expect(r.out).not.toContain('--max-model-len 100512');
    const json = JSON.parse(
      (await cli('recommend', ...LONG, '--batch-size', '1', '--slo-tps', '1', '--json')).out,
    ) as { pick: unknown; rejected: { reason: string; message: string }[] };
    expect(json.pick).toBeNull();
    expect(new Set(json.rejected.map((x) => x.reason))).toEqual(new Set(['context-too-long']));
    expect(json.rejected[0]?.message).toContain('context length of 2048 tokens');
  });

  it('predict is bad input (exit 2) naming the limit', async () => {
    const r = await cli('predict', ...LONG, '--batch-size', '1', '--gpu', 'A100-80GB');
    expect(r.code).toBe(2);
    expect(r.err).toContain('100512 tokens');
    expect(r.err).toContain('2048');
  });

  it('a request at the limit is fine', async () => {
    const r = await cli(
      ...['predict', '--model', 'facebook/opt-2.7b', '--input-tokens', '1536', '--output-tokens', '512'],
      ...['--batch-size', '1', '--gpu', 'A100-80GB'],
    );
    expect(r.code).toBe(0);
  });

  it('simulate refuses a workload whose longest request exceeds the limit', async () => {
    const r = await cli(
      ...[
        'simulate',
        '--model',
        'facebook/opt-2.7b',
        '--gpu',
        'A100-80GB',
        '--rate',
        '1',
        '--requests',
        '10',
      ],
      ...['--input-tokens', '1000-3000', '--output-tokens', '64'],
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('context length of 2048');
  });
});
