import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cli } from './fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'infersave-calibration-safety-'));
const MODEL = 'meta-llama/Llama-3.1-8B';

interface Sample {
  stage: 'prefill' | 'decode';
  batchSize: number;
  inputTokens: number;
  contextTokens: number;
  offloadFraction: number;
  seconds: number;
}

function measurementFile(name: string, samples: Sample[]): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      schemaVersion: 1,
      hardware: { gpu: 'H100-SXM', gpuCount: 1 },
      software: { engine: 'vllm', version: '0.8' },
      model: { id: MODEL },
      precision: 'bf16',
      tensorParallel: 1,
      samples,
      provenance: { source: 'test' },
    }),
  );
  return file;
}

/**
 * The issue's repro: TPOT rows of a serving run at input 1024 (outputs 128–512, concurrency 1–64), taken
 * as decode steps. Short outputs carry more of the other requests' prefill per token, so TPOT falls as
 * the context grows — an unconstrained decode curve fits a negative context coefficient, which at input
 * 2048 gave a negative decode time in predict and killed simulate.
 */
function tpotRows(): Sample[] {
  const rows: Sample[] = [];
  for (const batchSize of [1, 2, 4, 8, 16, 32, 64])
    for (const output of [128, 256, 512]) {
      const interference = batchSize > 1 ? (0.004 * batchSize * 1024 * 0.05) / (output * 8) : 0;
      rows.push({
        stage: 'decode',
        batchSize,
        inputTokens: 1,
        contextTokens: 1024 + output / 2,
        offloadFraction: 0,
        seconds: Number((0.0065 + 0.00004 * batchSize + interference).toFixed(6)),
      });
    }
  return rows;
}

describe('a calibration fitted on TPOT rows at input 1024 and used at input 2048', () => {
  const input = measurementFile('tpot.json', tpotRows());
  const out = join(dir, 'tpot-calibration.json');

  it('fits a decode context coefficient ≥ 0 and a positive time at the smallest step', async () => {
    const run = await cli('calibrate', input, '--out', out);
    expect(run.code, run.err).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    for (const e of file.predictors.roofline) {
      expect(e).toMatchObject({
        gpu: 'H100-SXM',
        model: MODEL,
        tensorParallel: 1,
        precision: 'bf16',
        engine: 'vllm',
      });
      if (e.curve) {
        expect(e.curve.b).toBeGreaterThanOrEqual(0);
        expect(e.curve.c).toBeGreaterThanOrEqual(0);
      }
      expect(e.fit.cvMeanAbsPctError).toBeGreaterThan(0);
    }
  });

  it('predict prints positive decode times (it printed −10,697 µs per step)', async () => {
    const run = await cli(
      'predict',
      '--model',
      MODEL,
      '--gpu',
      'H100-SXM',
      '--input-tokens',
      '2048',
      '--output-tokens',
      '512',
      '--batch-size',
      '64',
      '--calibration',
      out,
      '--json',
    );
    expect(run.code, run.err).toBe(0);
    const json = JSON.parse(run.out);
    const c = json.candidate ?? json;
    const times = JSON.stringify(c);
    expect(times).not.toMatch(/"[a-zA-Z]*Seconds":-/);
    expect(c.decodeStepSeconds ?? c.time?.decodeStepSeconds).toBeGreaterThan(0);
  });

  it('simulate runs (it died with "internal error: step timer returned −0.0042 s")', async () => {
    const run = await cli(
      'simulate',
      '--model',
      MODEL,
      '--gpu',
      'H100-SXM',
      '--input-tokens',
      '2048',
      '--output-tokens',
      '512',
      '--requests',
      '100',
      '--rate',
      '5',
      '--calibration',
      out,
      '--json',
    );
    expect(run.err).not.toMatch(/internal error/);
    expect(run.code, run.err).toBe(0);
    const summary = JSON.parse(run.out).summary;
    expect(summary.completed).toBe(100);
    expect(summary.tpotSeconds.p50).toBeGreaterThan(0);
  });
});

const sampleArb = fc.record({
  stage: fc.constantFrom('prefill' as const, 'decode' as const),
  batchSize: fc.integer({ min: 1, max: 256 }),
  tokens: fc.integer({ min: 2, max: 16_384 }),
  // A plausible H100 step for the shape times a random factor: some files fit, some are refused.
  factor: fc.oneof(
    fc.double({ min: 0.5, max: 3, noNaN: true }),
    fc.double({ min: 1e-4, max: 100, noNaN: true }),
  ),
});

const plausibleSeconds = (stage: 'prefill' | 'decode', batchSize: number, tokens: number) =>
  stage === 'prefill'
    ? 0.006 + 2e-5 * batchSize * tokens
    : 0.006 + 5e-8 * batchSize * tokens + 4e-5 * batchSize;

describe('no measurement file makes calibrate, predict or simulate use a zero, negative or non-finite time', () => {
  it('property: random measurement files → calibrate refuses or writes a file predict and simulate use safely', async () => {
    let k = 0;
    let fitted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(sampleArb, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 8192 }),
        fc.integer({ min: 2, max: 4096 }),
        async (raw, inputTokens, outputTokens) => {
          k++;
          const samples: Sample[] = raw.map((s) => ({
            stage: s.stage,
            batchSize: s.batchSize,
            inputTokens: s.stage === 'prefill' ? s.tokens : 1,
            contextTokens: s.tokens,
            offloadFraction: 0,
            seconds: plausibleSeconds(s.stage, s.batchSize, s.tokens) * s.factor,
          }));
          const input = measurementFile(`random-${k}.json`, samples);
          const out = join(dir, `random-${k}-calibration.json`);
          const fit = await cli('calibrate', input, '--out', out, '--json');
          expect(fit.err).not.toMatch(/internal error/);
          expect([0, 1]).toContain(fit.code);
          if (fit.code !== 0) return;
          fitted++;
          const predict = await cli(
            'predict',
            '--model',
            MODEL,
            '--gpu',
            'H100-SXM',
            '--input-tokens',
            String(inputTokens),
            '--output-tokens',
            String(outputTokens),
            '--batch-size',
            '8',
            '--calibration',
            out,
            '--json',
          );
          expect(predict.err).not.toMatch(/internal error/);
          if (predict.code === 0) {
            const text = predict.out;
            expect(text).not.toMatch(/"[a-zA-Z]*Seconds":(-|0[,}]|null)/);
            expect(text).not.toMatch(/NaN|Infinity/);
          }
          const sim = await cli(
            'simulate',
            '--model',
            MODEL,
            '--gpu',
            'H100-SXM',
            '--input-tokens',
            String(Math.min(inputTokens, 4096)),
            '--output-tokens',
            String(Math.min(outputTokens, 256)),
            '--requests',
            '20',
            '--rate',
            '2',
            '--calibration',
            out,
            '--json',
          );
          expect(sim.err).not.toMatch(/internal error/);
          expect([0, 1]).toContain(sim.code);
          if (sim.code === 0) expect(sim.out).not.toMatch(/NaN|Infinity|"[a-zA-Z]*Seconds":-/);
        },
      ),
      { numRuns: 12, seed: 8 },
    );
    // The property must have reached predict and simulate with fitted files, not only refusals.
    expect(fitted).toBeGreaterThan(3);
  }, 240_000);
});

describe('no calibration file makes predict or simulate use a zero, negative or non-finite time', () => {
  const entry = fc.record({
    stage: fc.constantFrom('prefill', 'decode'),
    alpha: fc.double({ min: 1e-3, max: 50, noNaN: true }),
    betaSeconds: fc.double({ min: -0.01, max: 0.01, noNaN: true }),
    curve: fc.option(
      fc.record({
        kind: fc.constantFrom('distserve-prefill', 'distserve-decode'),
        a: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
        b: fc.double({ min: -1e-5, max: 1e-5, noNaN: true }),
        c: fc.double({ min: -1e-3, max: 1e-3, noNaN: true }),
      }),
      { nil: undefined },
    ),
  });

  it('property: hand-written files are refused, or give positive finite times, or an issue code', async () => {
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 2 }), async (entries) => {
        k++;
        const file = join(dir, `hand-${k}.json`);
        writeFileSync(
          file,
          JSON.stringify({
            schemaVersion: 1,
            id: `hand-${k}`,
            description: 'random',
            predictors: {
              roofline: entries.map((e) => ({
                gpu: 'H100-SXM',
                ...e,
                ...(e.curve === undefined ? { curve: undefined } : {}),
              })),
            },
          }),
        );
        const common = ['--model', MODEL, '--gpu', 'H100-SXM', '--calibration', file, '--json'];
        const predict = await cli(
          'predict',
          ...common,
          '--input-tokens',
          '1024',
          '--output-tokens',
          '256',
          '--batch-size',
          '16',
        );
        expect(predict.err).not.toMatch(/internal error/);
        expect([0, 1, 2]).toContain(predict.code);
        if (predict.code === 0) expect(predict.out).not.toMatch(/NaN|Infinity|"[a-zA-Z]*Seconds":(-|0[,}])/);
        const sim = await cli(
          'simulate',
          ...common,
          '--input-tokens',
          '1024',
          '--output-tokens',
          '64',
          '--requests',
          '10',
          '--rate',
          '1',
        );
        expect(sim.err).not.toMatch(/internal error/);
        expect([0, 1, 2]).toContain(sim.code);
        if (sim.code === 0) expect(sim.out).not.toMatch(/NaN|Infinity|"[a-zA-Z]*Seconds":-/);
        else expect(sim.err).toMatch(/./);
      }),
      { numRuns: 25, seed: 3 },
    );
  }, 240_000);
});
