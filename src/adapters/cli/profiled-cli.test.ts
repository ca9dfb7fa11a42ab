import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { runCli } from './program.js';

function cli(...argv: string[]) {
  const run = { out: '', err: '', code: undefined as number | undefined };
  runCli(argv, fsPlannerData, {
    out: (s) => {
      run.out += s;
    },
    err: (s) => {
      run.err += s;
    },
    exit: (c) => {
      run.code = c;
    },
  });
  return run;
}

const SHAPE = ['--input-tokens', '1024', '--output-tokens', '128', '--batch-size', '16', '--json'];
const LLAMA = ['--model', 'meta-llama/Llama-3.1-8B'];

describe('predict --predictor profiled', () => {
  it('answers from the measured H100 tables, within 25 % of the roofline on decode', () => {
    const profiled = cli('predict', ...LLAMA, '--gpu', 'H100-SXM', '--predictor', 'profiled', ...SHAPE);
    const roofline = cli('predict', ...LLAMA, '--gpu', 'H100-SXM', ...SHAPE);
    expect(profiled.err).toBe('');
    expect(profiled.code ?? 0).toBe(0);
    const p = JSON.parse(profiled.out);
    const r = JSON.parse(roofline.out);
    expect(p).toMatchObject({ predictor: 'profiled', gpu: 'H100-SXM' });
    // The only warnings: vLLM's step overheads were fitted on A100, not on this H100, so its band is extrapolated.
    expect(p.warnings.map((w: { code: string }) => w.code)).toEqual([
      'engine-overheads-other-gpu',
      'outside-fitted-range',
    ]);
    expect(Math.abs(p.decodeStepSeconds / r.decodeStepSeconds - 1)).toBeLessThan(0.25);
  });

  it('falls back to the roofline, with a warning, on a GPU without tables (g6.xlarge, L4)', () => {
    const run = cli('predict', ...LLAMA, '--instance', 'g6.xlarge', '--predictor', 'profiled', ...SHAPE);
    expect(run.code ?? 0).toBe(0);
    const p = JSON.parse(run.out);
    expect(p.predictor).toBe('profiled');
    expect(p.decodeStepSeconds).toBeGreaterThan(0);
    expect(JSON.stringify(p.warnings)).toContain('no measured kernel tables for L4');
  });
});
