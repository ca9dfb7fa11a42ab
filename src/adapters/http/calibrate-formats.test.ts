import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { createApp } from './create-app.js';

const app = createApp(fsPlannerData);

async function post(body: unknown) {
  const res = await app.request('/v1/calibrate', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** `vllm bench latency --batch-size 8 --input-len 512 --output-len 1 --output-json …`: prefill only. */
const PREFILL_RUN = {
  avg_latency: 0.04302,
  latencies: [0.04215, 0.04288, 0.04301, 0.04337, 0.04369],
  percentiles: { '10': 0.04244, '25': 0.04288, '50': 0.04301, '75': 0.04337, '90': 0.04356, '99': 0.04368 },
};

describe('POST /v1/calibrate from a benchmark tool’s own JSON', () => {
  it('reads a vllm bench latency result, with what the file does not record given as fields', async () => {
    const { status, json } = await post({
      measurements: [PREFILL_RUN],
      gpu: 'H100-SXM',
      gpuCount: 1,
      tensorParallel: 1,
      model: 'meta-llama/Llama-3.1-8B',
      precision: 'bf16',
      batchSize: 8,
      inputLen: 512,
      outputLen: 1,
    });
    // One prefill sample: the fit may refuse it as too little, but the file was read as a measurement.
    const codes = ((json.issues ?? []) as { code: string }[]).map((i) => i.code);
    expect(codes).not.toContain('measurement-format-unknown');
    expect(codes).not.toContain('measurement-option-missing');
    expect([200, 422]).toContain(status);
  });

  it('names the field a format needs and the body lacks', async () => {
    const { status, json } = await post({ measurements: [PREFILL_RUN], gpu: 'H100-SXM', precision: 'bf16' });
    expect(status).toBe(400);
    const issues = json.issues as { code: string; field: string }[];
    expect(issues.some((i) => i.code === 'measurement-option-missing')).toBe(true);
  });

  it('refuses a body that is no known format, listing the formats', async () => {
    const { status, json } = await post({ measurements: [{ hello: 1 }] });
    expect(status).toBe(400);
    expect((json.error as { code: string }).code).toBe('measurement-format-unknown');
  });
});

describe('POST /v1/calibrate from serving benchmarks', () => {
  const serve = (ttftMs: number) => ({
    model_id: 'meta-llama/Llama-3.1-8B',
    max_concurrency: 16,
    completed: 200,
    total_input_tokens: 204800,
    total_output_tokens: 51200,
    request_throughput: 3.1,
    median_ttft_ms: ttftMs,
    median_tpot_ms: 25,
  });
  const setup = { gpu: 'A100-80GB', gpuCount: 1, tensorParallel: 1, precision: 'bf16' };

  it('fits one run through the simulator within the time limit', async () => {
    const { status, json } = await post({ measurements: [serve(420)], ...setup });
    expect(status).toBe(200);
    expect((json.servingFits as unknown[]).length).toBe(1);
  }, 60_000);

  it('refuses more serving runs than the limit with 422, naming the CLI and library routes', async () => {
    const { status, json } = await post({ measurements: [400, 410, 420, 430, 440].map(serve), ...setup });
    expect(status).toBe(422);
    const error = json.error as { code: string; message: string };
    expect(error.code).toBe('serving-fit-too-large');
    expect(error.message).toContain('infersave calibrate');
    expect(error.message).toContain('createPlanner().calibrate');
    expect(error.message).toContain('fitThrough steps');
  });
});
