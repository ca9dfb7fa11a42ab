import { describe, expect, it } from 'vitest';
import { cli } from './fixtures/run-cli.js';

const PLACEMENT = ['--model', 'meta-llama/Llama-3.1-8B', '--gpu', 'H100-SXM'];
const LENGTHS = ['--input-tokens', '1024', '--output-tokens', '128'];

describe('fixed concurrency from the CLI', () => {
  it('predict --concurrency 32 prints TTFT and TPOT percentiles next to the batch view', async () => {
    const run = await cli('predict', ...PLACEMENT, ...LENGTHS, '--concurrency', '32');
    expect(run.err).toBe('');
    expect(run.code ?? 0).toBe(0);
    expect(run.out).toContain('Time per batch [p10–p90 band]:');
    // Every time carries its band, and the simulated percentiles theirs.
    expect(run.out).toMatch(/prefill +\S+ s +\(compute-bound\) +\[\S+ m?s–\S+ m?s\]/);
    expect(run.out).toMatch(
      /Uncertainty \[p10–p90\]: prefill ×[\d.]+–×[\d.]+ \(\d+ held-out steps of vllm at TP 1\)/,
    );
    expect(run.out).toMatch(/TPOT +P50 .+\[P90 .+–.+\]/);
    expect(run.out).toMatch(/At concurrency 32 \(serving simulator, closed loop of 128 requests/);
    expect(run.out).toMatch(/TTFT +P50 .+ · P90 .+ · P99/);
    expect(run.out).toMatch(/TPOT +P50 .+ · P90 .+ · P99/);
    const json = JSON.parse(
      (await cli('predict', ...PLACEMENT, ...LENGTHS, '--concurrency', '32', '--json')).out,
    );
    expect(json.atConcurrency.concurrency).toBe(32);
    expect(json.atConcurrency.ttftSeconds.p50).toBeGreaterThan(0);
    expect(json.atConcurrency.tpotSeconds.p99).toBeGreaterThanOrEqual(json.atConcurrency.tpotSeconds.p50);
    expect(json.uncertainty).toMatchObject({
      available: true,
      margin: 'p90',
      decode: { engineGroup: 'vllm' },
    });
    expect(json.uncertainty.bands.batchSeconds.high).toBeGreaterThan(json.batchSeconds);
    expect(json.uncertainty.outsideFittedRange).toEqual([
      'GPU H100-SXM (measured: A100-80GB)',
      '32768 prompt tokens in one prefill (measured up to 16384)',
    ]);
    expect(json.atConcurrency.measuredOverPredicted.tpot.p90).toBe(
      json.uncertainty.decode.measuredOverPredictedP90,
    );
  });

  it('simulate --concurrency 16 runs a closed loop (no --rate) and says so', async () => {
    const run = await cli(
      'simulate',
      ...PLACEMENT,
      ...LENGTHS,
      '--requests',
      '64',
      '--concurrency',
      '16',
      '--json',
    );
    expect(run.err).toBe('');
    const json = JSON.parse(run.out);
    expect(json.settings.concurrency).toBe(16);
    expect(json.summary.completed).toBe(64);
    expect(json.summary.batchSize.max).toBeLessThanOrEqual(16);
  });

  it('simulate refuses --rate with --concurrency on a synthetic workload', async () => {
    const run = await cli(
      'simulate',
      ...PLACEMENT,
      ...LENGTHS,
      '--requests',
      '64',
      '--concurrency',
      '16',
      '--rate',
      '3',
    );
    expect(run.code).toBe(2);
    expect(run.err).toContain('--rate');
  });
});
