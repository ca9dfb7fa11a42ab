import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinModels } from '../../src/adapters/fs/builtin-data.js';
import { DEFAULT_SHARED_DATA_DIR, REPO_ROOT } from '../build-data.js';
import { CALIBRATION_FOLDS, fnv1a, foldOf } from './calibrated.js';
import { distServeSeconds } from './distserve.js';
import { accuracyDocuments } from './documents.js';
import { gridPoints, indexTables, layerGemmShapes, measureLayerStep, splitWidth } from './per-operator.js';
import { summarize } from './stats.js';
import { loadGpuTables, MEASURED_GPUS } from './tables.js';

const hasShared = existsSync(join(DEFAULT_SHARED_DATA_DIR, 'profiling/aiconfigurator-vllm-csv'));

describe('error statistics', () => {
  it('gives median, p90 (type 7) and median ratio of absolute % errors', () => {
    const s = summarize([
      { predicted: 110, measured: 100 }, // 10 %
      { predicted: 80, measured: 100 }, // 20 %
      { predicted: 100, measured: 100 }, // 0 %
      { predicted: 130, measured: 100 }, // 30 %
      { predicted: 95, measured: 100 }, // 5 %
    ]);
    expect(s).toEqual({ samples: 5, medianAbsPctError: 10, p90AbsPctError: 26, medianRatio: 1 });
  });
  it('rejects a non-positive measurement', () => {
    expect(() => summarize([{ predicted: 1, measured: 0 }])).toThrow(/bad comparison/);
  });
  it('is NaN on no samples', () => {
    expect(summarize([]).samples).toBe(0);
    expect(summarize([]).medianAbsPctError).toBeNaN();
  });
});

describe('calibration folds', () => {
  it('hash the shape with 32-bit FNV-1a (reference values)', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
  });
  it('depend on the shape only and split the grid into 5 non-empty folds', () => {
    const models = loadBuiltinModels();
    if (!models.ok) throw new Error('models');
    const model = models.value.find((m) => m.id === 'meta-llama/Llama-3.1-8B');
    if (!model) throw new Error('model');
    const points = gridPoints();
    const folds = points.map((p) => foldOf(model, 2, p));
    expect([...points].reverse().map((p) => foldOf(model, 2, p))).toEqual([...folds].reverse());
    const counts = Array.from({ length: CALIBRATION_FOLDS }, (_, f) => folds.filter((x) => x === f).length);
    for (const c of counts) expect(c).toBeGreaterThan(points.length / CALIBRATION_FOLDS / 2);
  });
});

describe('GEMM widths off the grid', () => {
  const grid = [65536, 51200, 16384, 12288, 8192, 4096, 2048, 1024, 512, 256];
  it('splits into grid widths, largest first, or gives up', () => {
    expect(splitWidth(4096, grid)).toEqual([4096]);
    expect(splitWidth(28672, grid)).toEqual([16384, 12288]);
    expect(splitWidth(1280, grid)).toEqual([1024, 256]);
    expect(splitWidth(100, grid)).toBeUndefined();
    expect(splitWidth(16384 + 4096 + 512 + 256, grid)).toBeUndefined();
  });
});

describe('DistServe curves', () => {
  const curves = {
    threshold: 95,
    prefill: [10, 0.1, 1e-5],
    smallBatch: [20, 1e-3, 0.05],
    largeBatch: [5, 1e-3, 0.2],
  } as const;
  it('evaluates as simdistserve does', () => {
    const c = {
      ...curves,
      prefill: [...curves.prefill] as [number, number, number],
      smallBatch: [...curves.smallBatch] as [number, number, number],
      largeBatch: [...curves.largeBatch] as [number, number, number],
    };
    // 2 prompts of 100: 10 + 0.1·200 + 1e-5·(2·100²) ms
    expect(distServeSeconds(c, { stage: 'prefill', batch: 2, tokens: 100 })).toBeCloseTo(0.0302, 10);
    expect(distServeSeconds(c, { stage: 'decode', batch: 10, tokens: 1000 })).toBeCloseTo(0.0305, 10);
    expect(distServeSeconds(c, { stage: 'decode', batch: 95, tokens: 100 })).toBeCloseTo(0.0335, 10);
  });
});

describe.skipIf(!hasShared)('per-operator sum (shared data)', () => {
  it('sums the measured kernels of a Llama-3.1-70B TP 8 decode step on H100 (hand-checked from the CSVs)', () => {
    const source = MEASURED_GPUS.find((g) => g.gpuId === 'H100-SXM');
    const models = loadBuiltinModels();
    if (!source || !models.ok) throw new Error('setup');
    const model = models.value.find((m) => m.id === 'meta-llama/Llama-3.1-70B');
    if (!model) throw new Error('model');
    expect(layerGemmShapes(model, 8).map((g) => [g.n, g.k])).toEqual([
      [1280, 8192],
      [8192, 1024],
      [7168, 8192],
      [8192, 3584],
    ]);
    const tables = indexTables(loadGpuTables(DEFAULT_SHARED_DATA_DIR, source));
    const result = measureLayerStep(tables, model, 8, { stage: 'decode', batch: 1, tokens: 1024 });
    if (!result.ok) throw new Error(result.missing);
    // gemm_perf.csv rows m=1: (1024,8192) 0.010276…, (256,8192) 0.006232…, (8192,1024) 0.009564…,
    // (7168,8192) 0.049669…, (8192,3584) 0.021928…; generation attention b1 isl1 step1023 h8/1x128
    // 0.012426…; custom all-reduce (graph) 8 GPUs 8192 elements 0.005310… (beats NCCL's 0.01898), twice.
    const layerMs =
      0.010276444256305695 +
      0.006232888748248418 +
      0.009564444422721863 +
      0.0496693319744534 +
      0.021928888228204515 +
      0.012426666915416718 +
      2 * 0.005310080051422119;
    expect(result.value.composed).toBe(true);
    expect(result.value.seconds).toBeCloseTo((layerMs * 80) / 1000, 12);
  });
});

describe.skipIf(!hasShared)('docs/accuracy.md', () => {
  let generated: { markdown: string; json: string };
  beforeAll(() => {
    generated = accuracyDocuments(REPO_ROOT, DEFAULT_SHARED_DATA_DIR);
  }, 600_000); // ~70 s on an idle machine; minutes on a loaded one
  it('is what `npm run accuracy` generates', () => {
    expect(readFileSync(join(REPO_ROOT, 'docs/accuracy.md'), 'utf8')).toBe(generated.markdown);
    expect(readFileSync(join(REPO_ROOT, 'docs/accuracy.json'), 'utf8')).toBe(generated.json);
  });
});
