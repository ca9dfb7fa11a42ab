// Issue 3, "the harness runs in CI on CPU and its output round-trips through calibrate": runs the Python
// profiler harness (profiler/) on CPU with a tiny Llama-style config, labelled as H100-SXM (the catalog
// GPU the calibration is keyed to; the timings are the CPU's), fits it with `infersave calibrate`, and
// checks that `predict --calibration` then gives different times. Needs Debian's python3-torch at
// /usr/bin/python3; skipped otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCalibrationFile } from '../../catalog/calibration-file.js';
import { type CliRun, cli } from '../cli/fixtures/run-cli.js';

const python = '/usr/bin/python3';
const hasTorch =
  existsSync(python) && spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const root = resolve(import.meta.dirname, '../../..');
const GPU = 'H100-SXM';

/** Big enough that step time grows with the work (α > 0), small enough to time in a few seconds. */
const tinyLlama = {
  model_type: 'llama',
  vocab_size: 128,
  hidden_size: 256,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  intermediate_size: 768,
  max_position_embeddings: 2048,
};

describe.skipIf(!hasTorch)('profiler harness → infersave calibrate → predict (CPU, tiny config)', () => {
  let dir = '';
  let config = '';
  let measurements = '';
  let calibrationPath = '';
  let harness: ReturnType<typeof spawnSync>;
  let calibrate: CliRun;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'infersave-profiler-calibrate-'));
    // In a folder named as the harness labels the model: predict --model-config takes the folder name as
    // the model id, and a calibration is keyed by model (another model would get a transfer warning).
    mkdirSync(join(dir, 'tiny-llama'));
    config = join(dir, 'tiny-llama', 'config.json');
    measurements = join(dir, 'measurements.json');
    calibrationPath = join(dir, 'cal.json');
    writeFileSync(config, JSON.stringify(tinyLlama));
    harness = spawnSync(
      python,
      [
        ...['-m', 'infersave_profiler', '--config', config, '--out', measurements, '--device', 'cpu'],
        ...['--batch-sizes', '1,4', '--context-lengths', '16,256', '--offload-fractions', '0'],
        ...['--repeats', '1', '--warmup', '1', '--model-id', 'tiny-llama', '--gpu-id', GPU, '--quiet'],
      ],
      { cwd: join(root, 'profiler'), encoding: 'utf8', timeout: 60_000 },
    );
    if (harness.status === 0) calibrate = await cli('calibrate', measurements, '--out', calibrationPath);
  }, 90_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the harness writes the file with the model config and the stand-in GPU', () => {
    expect(harness.stderr).toBe('');
    expect(harness.status).toBe(0);
    const raw = JSON.parse(readFileSync(measurements, 'utf8'));
    expect(raw.hardware.gpu).toBe(GPU);
    expect(raw.model).toMatchObject({ id: 'tiny-llama', config: { hidden_size: 256 } });
    expect(raw.samples).toHaveLength(2 * 2 * 2);
  });

  it('calibrate fits both stages of the harness output (α > 0) into a valid calibration file', () => {
    expect(calibrate.err).toBe('');
    expect(calibrate.code).toBe(0);
    const parsed = parseCalibrationFile(JSON.parse(readFileSync(calibrationPath, 'utf8')), calibrationPath);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const entries = parsed.value.predictors.roofline ?? [];
    expect(entries.map((e) => e.stage).sort()).toEqual(['decode', 'prefill']);
    for (const e of entries) {
      expect(e.gpu).toBe(GPU);
      expect(e.alpha).toBeGreaterThan(0);
      expect(e.fit?.points).toBe(4);
    }
  });

  it('predict --calibration on that GPU gives different times than uncalibrated', async () => {
    const predict = [
      ...['predict', '--model-config', config, '--gpu', GPU, '--precision', 'fp32'],
      ...['--input-tokens', '128', '--output-tokens', '16', '--batch-size', '2', '--json'],
    ];
    const plain = await cli(...predict);
    const calibrated = await cli(...predict, '--calibration', calibrationPath);
    for (const run of [plain, calibrated]) {
      expect(run.err).toBe('');
      expect(run.code ?? 0).toBe(0);
    }
    const a = JSON.parse(plain.out);
    const b = JSON.parse(calibrated.out);
    expect(a.calibrated).toBe(false);
    expect(b.calibrated).toBe(true);
    expect(b.prefillSeconds).toBeGreaterThan(0);
    expect(b.decodeStepSeconds).toBeGreaterThan(0);
    expect(b.prefillSeconds).not.toBe(a.prefillSeconds);
    expect(b.decodeStepSeconds).not.toBe(a.decodeStepSeconds);
  });
});
