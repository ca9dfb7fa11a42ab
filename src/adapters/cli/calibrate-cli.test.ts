import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './fixtures/run-cli.js';

const FIXTURE = resolve(
  import.meta.dirname,
  '../../../test/fixtures/measurements/llama-3.1-8b-h100-synthetic.json',
);
const dir = mkdtempSync(join(tmpdir(), 'infersave-calibrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PREDICT = [
  'predict',
  ...['--model', 'meta-llama/Llama-3.1-8B', '--gpu', 'H100-SXM', '--precision', 'bf16'],
  ...['--input-tokens', '512', '--output-tokens', '64', '--batch-size', '8', '--json'],
];

describe('infersave calibrate', () => {
  it('fits the synthetic H100 file (true α 1.3, β 20 µs/layer) and prints a per-group table', async () => {
    const out = join(dir, 'h100.json');
    const run = await cli('calibrate', FIXTURE, '--out', out);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('H100-SXM · meta-llama/Llama-3.1-8B · TP1 · bf16 · synthetic │ prefill');
    expect(run.out).toContain('H100-SXM · meta-llama/Llama-3.1-8B · TP1 · bf16 · synthetic │ decode');
    expect(run.out).toContain(`Wrote ${out}.`);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file.schemaVersion).toBe(1);
    expect(file.id).toBe('h100');
    expect(file.sources[0].note).toContain(FIXTURE);
    for (const e of file.predictors.roofline) {
      expect(Math.abs(e.alpha / 1.3 - 1)).toBeLessThan(0.02);
      expect(Math.abs(e.betaSeconds / 20e-6 - 1)).toBeLessThan(0.2);
    }
  });

  it('--json reports both CV errors, the chosen shape and the errors before and after', async () => {
    const run = await cli('calibrate', FIXTURE, '--out', join(dir, 'j.json'), '--id', 'mine', '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.out);
    expect(json.calibration.id).toBe('mine');
    expect(json.groups).toHaveLength(2);
    for (const g of json.groups) {
      expect(g.chosen).toBe('alpha-beta');
      expect(g.cvMeanAbsPctError['alpha-beta']).toBeLessThan(g.cvMeanAbsPctError.alpha);
      expect(g.meanAbsPctErrorAfter).toBeLessThan(g.meanAbsPctErrorBefore);
    }
  });

  it('its output changes predict: prefill and decode seconds move by the fitted CTCF', async () => {
    const out = join(dir, 'for-predict.json');
    expect((await cli('calibrate', FIXTURE, '--out', out)).code).toBe(0);
    const entries = JSON.parse(readFileSync(out, 'utf8')).predictors.roofline as {
      stage: string;
      alpha: number;
      betaSeconds: number;
    }[];
    // A calibration replaces the engine's step overheads, so it is compared with the kernels alone.
    const before = JSON.parse((await cli(...PREDICT, '--engine', 'none')).out);
    const after = JSON.parse((await cli(...PREDICT, '--calibration', out)).out);
    expect(after.calibration).toBe('for-predict');
    for (const [stage, key, steps] of [
      ['prefill', 'prefillSeconds', 1],
      ['decode', 'decodeSeconds', 63],
    ] as const) {
      const e = entries.find((x) => x.stage === stage);
      if (!e) throw new Error(`no ${stage} entry`);
      // Layers' GPU time scales by α plus β per layer per step; the LM head is not calibrated.
      const expected = e.alpha * before[key] + e.betaSeconds * 32 * steps;
      expect(after[key] / expected).toBeGreaterThan(0.97);
      expect(after[key] / expected).toBeLessThan(1.01);
      expect(after[key] / before[key]).toBeGreaterThan(1.25);
    }
    expect(after.warnings.map((w: { code: string }) => w.code)).not.toContain('calibration-extrapolated');
  });

  it('warns when predict leaves the measured range', async () => {
    const out = join(dir, 'range.json');
    expect((await cli('calibrate', FIXTURE, '--out', out)).code).toBe(0);
    const args = PREDICT.map((a) => (a === '8' ? '128' : a));
    const run = await cli(...args, '--calibration', out);
    expect(run.code).toBe(0);
    const warnings = JSON.parse(run.out).warnings as { code: string; message: string }[];
    const extrapolated = warnings.filter((w) => w.code === 'calibration-extrapolated');
    expect(extrapolated.map((w) => w.message)).toEqual([
      'calibration range for H100-SXM (prefill) was fitted on batch size 1–16, this asks 128: extrapolated',
      'calibration range for H100-SXM (decode) was fitted on batch size 1–64, this asks 128: extrapolated',
    ]);
  });

  it('a malformed file exits 2 naming the file, the sample index and the field, and writes nothing', async () => {
    const good = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    good.samples[3].seconds = -1;
    good.samples[7].stage = 'prefil';
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(good));
    const out = join(dir, 'never.json');
    const run = await cli('calibrate', FIXTURE, bad, '--out', out);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toContain(`${bad}: samples[3].seconds:`);
    expect(run.err).toContain(`${bad}: samples[7].stage:`);
    expect(run.err).toContain('nothing was imported');
    expect(run.err).not.toContain(FIXTURE);
    expect(() => readFileSync(out)).toThrow();
  });

  it('takes the GPU, model and precision from flags when a file lacks them', async () => {
    const raw = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    delete raw.hardware.gpu;
    delete raw.model.id;
    delete raw.precision;
    const bare = join(dir, 'bare.json');
    writeFileSync(bare, JSON.stringify(raw));
    const missing = await cli('calibrate', bare, '--out', join(dir, 'x.json'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('hardware.gpu:');
    expect(missing.err).toContain('model.id:');
    const run = await cli(
      'calibrate',
      bare,
      '--out',
      join(dir, 'y.json'),
      ...['--gpu', 'H100-SXM', '--model', 'meta-llama/Llama-3.1-8B', '--precision', 'bf16'],
    );
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
  });

  it('needs --out and a known predictor', async () => {
    const run = await cli('calibrate', FIXTURE, '--predictor', 'magic');
    expect(run.code).toBe(2);
    expect(run.err).toContain('--out is required');
    expect(run.err).toContain("unknown predictor 'magic'");
  });
});

/** `vllm bench serve --max-concurrency 16` of 200 requests of 1,024 → 256 tokens, medians only. */
const SERVE_RESULT = {
  date: '20260101-120000',
  backend: 'vllm',
  model_id: 'meta-llama/Llama-3.1-8B',
  max_concurrency: 16,
  completed: 200,
  total_input_tokens: 204800,
  total_output_tokens: 51200,
  request_throughput: 3.1,
  median_ttft_ms: 420,
  median_tpot_ms: 25,
};
const SERVE_SETUP = [
  '--gpu',
  'A100-80GB',
  '--precision',
  'bf16',
  '--gpu-count',
  '1',
  '--tensor-parallel',
  '1',
];

describe('infersave calibrate from a serving benchmark', () => {
  it('fits its TTFT and TPOT through the simulator, and predict --concurrency then reproduces them', async () => {
    const serve = join(dir, 'serve.json');
    writeFileSync(serve, JSON.stringify(SERVE_RESULT));
    const out = join(dir, 'serve-cal.json');
    const run = await cli('calibrate', serve, ...SERVE_SETUP, '--out', out, '--json');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.out);
    expect(json.servingFits).toHaveLength(1);
    const fit = json.servingFits[0];
    expect(fit.converged).toBe(true);
    expect(fit.ttftMeanAbsPctError).toBeLessThan(1);
    expect(fit.tpotMeanAbsPctError).toBeLessThan(1);
    // Slower than the uncalibrated model: both scales above 1, the engine's overheads kept.
    for (const entry of json.calibration.predictors.roofline) {
      expect(entry.alpha).toBeGreaterThan(1);
      expect(entry.engineOverheads).toBe('kept');
      expect(entry).toMatchObject({ gpu: 'A100-80GB', model: 'meta-llama/Llama-3.1-8B', tensorParallel: 1 });
    }
    const predicted = await cli(
      'predict',
      ...['--model', 'meta-llama/Llama-3.1-8B', '--gpu', 'A100-80GB', '--precision', 'bf16'],
      ...['--input-tokens', '1024', '--output-tokens', '256', '--batch-size', '16', '--concurrency', '16'],
      ...['--calibration', out, '--json'],
    );
    expect(predicted.code).toBe(0);
    const at = JSON.parse(predicted.out).atConcurrency;
    expect(at.ttftSeconds.p50).toBeCloseTo(0.42, 2);
    expect(at.tpotSeconds.p50).toBeCloseTo(0.025, 3);
  }, 120_000);

  it('--fit-through steps fits the derived decode sample instead, as before', async () => {
    const serve = join(dir, 'serve-steps.json');
    writeFileSync(serve, JSON.stringify(SERVE_RESULT));
    const run = await cli(
      'calibrate',
      serve,
      ...SERVE_SETUP,
      ...['--fit-through', 'steps', '--out', join(dir, 'steps.json'), '--json'],
    );
    const json = JSON.parse(run.out || '{}');
    expect(json.servingFits ?? []).toEqual([]);
    for (const entry of json.calibration?.predictors.roofline ?? [])
      expect(entry.engineOverheads).toBeUndefined();
  }, 60_000);

  it('names the flags a serving result does not record, and refuses a bad --fit-through, all at once', async () => {
    const serve = join(dir, 'serve-bare.json');
    writeFileSync(serve, JSON.stringify(SERVE_RESULT));
    const run = await cli(
      'calibrate',
      serve,
      '--gpu',
      'A100-80GB',
      '--fit-through',
      'magic',
      '--out',
      join(dir, 'x.json'),
    );
    expect(run.code).toBe(2);
    expect(run.err).toContain('give it with --gpu-count');
    expect(run.err).toContain('give it with --tensor-parallel');
    expect(run.err).toContain("'magic' is not a way to fit");
  });

  it('fits a GuideLLM report’s concurrent benchmark through the simulator too (its strategy read from the report)', async () => {
    const dist = (v: number) => ({ mean: v, median: v, count: 200 });
    const status = (v: number) => ({ successful: dist(v) });
    const report = {
      benchmarks: [
        {
          config: { strategy: { type_: 'concurrent', streams: 16 } },
          metrics: {
            request_concurrency: status(15.6),
            prompt_token_count: status(1024),
            output_token_count: status(256),
            time_to_first_token_ms: status(420),
            inter_token_latency_ms: status(25),
          },
        },
      ],
    };
    const file = join(dir, 'guidellm.json');
    writeFileSync(file, JSON.stringify(report));
    const out = join(dir, 'guidellm-cal.json');
    const run = await cli(
      'calibrate',
      file,
      ...SERVE_SETUP,
      ...['--model', 'meta-llama/Llama-3.1-8B', '--out', out, '--json'],
    );
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const fit = JSON.parse(run.out).servingFits[0];
    expect(fit.converged).toBe(true);
    expect(fit.ttftMeanAbsPctError).toBeLessThan(1);
    expect(fit.tpotMeanAbsPctError).toBeLessThan(1);
  }, 120_000);
});
