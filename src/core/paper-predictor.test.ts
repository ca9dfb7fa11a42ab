import { describe, expect, it } from 'vitest';
import { opt27b } from './fixtures/models.js';
import type { GpuSpec } from './gpu-spec.js';
import { paperPredict } from './paper-predictor.js';
import { IDENTITY_CTCF, type TimeInputs } from './time-predictor.js';

/** g4dn.xlarge as the paper's Table IV labels it: 8.24 TFLOPS, 6 GB/s PCIe. */
const paperT4: GpuSpec = {
  id: 'T4',
  name: 'T4 (paper Table IV)',
  architecture: 'Turing',
  memoryBytes: 16e9,
  hbmBytesPerSecond: 320e9,
  peak: { fp32FlopPerSecond: 8.24e12, fp16FlopPerSecond: 8.24e12 },
  hostToDeviceBytesPerSecond: 6e9,
  deviceToHostBytesPerSecond: 6e9,
  tdpWatts: 70,
  sources: [{ title: 'fixture' }],
};

function inputs(overrides: Partial<TimeInputs> = {}): TimeInputs {
  return {
    model: opt27b,
    gpu: paperT4,
    precision: 'fp16',
    tensorParallel: 1,
    gpuInterconnect: 'none',
    batch: { batchSize: 32, inputTokens: 128, outputTokens: 512 },
    offloadFraction: 0,
    calibration: { prefill: IDENTITY_CTCF, decode: IDENTITY_CTCF },
    ...overrides,
  };
}

describe('paper predictor (equations 4–6)', () => {
  it('prefill of OPT-2.7B, BS 32, 128 tokens on 8.24 TFLOPS: 32 layers × 0.0788 s', () => {
    // linear: 32·(8·128·2560² + 4·128·2560·10240) = 644,245,094,400 FLOP; attention: 4·32·128²·2560 = 5,368,709,120
    const perLayer = (644_245_094_400 + 5_368_709_120) / 8.24e12;
    expect(paperPredict(inputs()).prefill.seconds).toBeCloseTo(32 * perLayer, 9);
  });

  it('decode includes the published L_out·h1 transfer term even without offloading', () => {
    // compute: (32·(8·2560² + 4·2560·10240) + 4·32·(128 + 256)·2560) / 8.24e12; transfer: 512·2560·2·32 / 6e9
    const compute = (5_033_164_800 + 125_829_120) / 8.24e12;
    const transfer = (512 * 2560 * 2 * 32) / 6e9;
    const p = paperPredict(inputs());
    expect(p.decode.seconds).toBeCloseTo((compute + transfer) * 32 * 511, 6);
    expect(p.decode.bound).toBe('pcie');
    expect(p.tokensPerSecond).toBeCloseTo((32 * 640) / (p.prefill.seconds + p.decode.seconds), 9);
  });

  it('applies CTCF(t) = αt + β to each layer’s compute', () => {
    const base = paperPredict(inputs());
    const calibrated = paperPredict(
      inputs({ calibration: { prefill: { alpha: 2, betaSeconds: 0.001 }, decode: IDENTITY_CTCF } }),
    );
    expect(calibrated.prefill.seconds).toBeCloseTo(2 * base.prefill.seconds + 32 * 0.001, 9);
    expect(calibrated.decode.seconds).toBeCloseTo(base.decode.seconds, 9);
  });

  it('offloaded KV adds PCIe time to both stages', () => {
    const none = paperPredict(inputs());
    const half = paperPredict(inputs({ offloadFraction: 0.5 }));
    expect(half.decode.seconds).toBeGreaterThan(none.decode.seconds);
    expect(half.prefill.seconds).toBeGreaterThanOrEqual(none.prefill.seconds);
  });
});
