import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCalibrate } from '../cli/calibrate-command.js';
import { runGpus, runInstances, runModels } from '../cli/list-commands.js';
import { runPredict } from '../cli/predict-command.js';
import { runRecommend } from '../cli/recommend-command.js';
import { runSimulate } from '../cli/simulate-command.js';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { createApp, ROUTES } from './create-app.js';
import { DEFAULT_LIMITS } from './operations.js';

const app = createApp(fsPlannerData);

const RECOMMEND = {
  model: 'facebook/opt-2.7b',
  inputTokens: 128,
  outputTokens: 512,
  batchSize: 32,
  requests: 3000,
  sloTps: 400,
  maxPrice: 3,
};
const PREDICT = {
  model: 'meta-llama/Llama-3.1-8B',
  instance: 'g6.xlarge',
  inputTokens: 1024,
  outputTokens: 128,
  batchSize: 16,
};

const SIMULATE = {
  model: 'meta-llama/Llama-3.1-8B',
  instance: 'g6e.xlarge',
  rate: 5,
  requests: 200,
  arrival: 'poisson',
  inputTokens: '128-512',
  outputTokens: '32-128',
  seed: 7,
  sloTtftP95: '1s',
};
const MEASUREMENT_FILE = resolve(
  import.meta.dirname,
  '../../../test/fixtures/measurements/llama-3.1-8b-h100-synthetic.json',
);
const MEASUREMENT = JSON.parse(readFileSync(MEASUREMENT_FILE, 'utf8')) as Record<string, unknown>;
const tmp = mkdtempSync(join(tmpdir(), 'infersave-http-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The CLI's raw options for the same request: every value as the text a flag would carry. */
const asFlags = (body: Record<string, unknown>) =>
  Object.fromEntries([...Object.entries(body).map(([k, v]) => [k, String(v)]), ['json', true]]);

const post = (path: string, body: unknown, type = 'application/json') =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

interface ErrorJson {
  error: { code: string; message: string; field: string | null };
  issues: { code: string; message: string; field: string | null }[];
}

describe('HTTP API: happy paths answer the CLI JSON', () => {
  it('POST /v1/recommend returns what `recommend --json` prints', async () => {
    const res = await post('/v1/recommend', RECOMMEND);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const cli = JSON.parse(runRecommend(asFlags(RECOMMEND), fsPlannerData).stdout);
    expect(await res.json()).toEqual(cli);
    expect(cli.pick).not.toBeNull();
  });

  it('POST /v1/recommend takes numbers as strings and lists as arrays', async () => {
    const res = await post('/v1/recommend', {
      ...RECOMMEND,
      inputTokens: '128',
      precision: ['fp16', 'int8'],
      instances: ['g6.*', 'g5.*'],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { settings: { precisions: string[] } };
    expect(body.settings.precisions).toEqual(['fp16', 'int8']);
  });

  it('POST /v1/recommend with nothing meeting the SLO is 200 with pick null and noPick', async () => {
    const res = await post('/v1/recommend', { ...RECOMMEND, sloTps: 1e9 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { pick: unknown; noPick: { code: string } };
    expect(body.pick).toBeNull();
    expect(body.noPick.code).toBe('no-candidate');
  });

  it('POST /v1/predict returns what `predict --json` prints', async () => {
    const res = await post('/v1/predict', PREDICT);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(runPredict(asFlags(PREDICT), fsPlannerData).stdout));
  });

  it('POST /v1/predict on a placement that cannot fit is 422 with the reason', async () => {
    const res = await post('/v1/predict', {
      ...PREDICT,
      model: 'meta-llama/Llama-3.1-70B',
      instance: 'g4dn.xlarge',
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe('model-does-not-fit');
    expect(body.error.message).toContain('weights need');
  });

  it('GET /v1/models, /v1/gpus, /v1/instances match the list commands', async () => {
    const json = { json: true };
    for (const [path, cli] of [
      ['/v1/models', runModels(json, fsPlannerData)],
      ['/v1/gpus', runGpus(json, fsPlannerData)],
      ['/v1/instances', runInstances(json, fsPlannerData)],
      [
        '/v1/instances?gpu=L4&region=us-west-2',
        runInstances({ ...json, gpu: 'L4', region: 'us-west-2' }, fsPlannerData),
      ],
    ] as const) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.json(), path).toEqual(JSON.parse(cli.stdout));
    }
  });

  it('GET /healthz is ok', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('HTTP API: bad input is 4xx JSON naming the field', () => {
  it('an unknown model suggests the closest one', async () => {
    const res = await post('/v1/recommend', { ...RECOMMEND, model: 'facebook/opt-2.7' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe('unknown-model');
    expect(body.error.field).toBe('model');
    expect(body.error.message).toContain('did you mean facebook/opt-2.7b');
  });

  it('negative tokens and every other bad value are listed at once', async () => {
    const res = await post('/v1/recommend', { ...RECOMMEND, inputTokens: -5, batchSize: 0 });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['inputTokens', 'batchSize']));
    expect(body.error.message).toContain('positive whole number');
  });

  it('wrong types and unknown fields name the field', async () => {
    const res = await post('/v1/recommend', { ...RECOMMEND, batchSize: true, model: 5, sloTtftP95: '1s' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.issues.map((i) => i.field).sort()).toEqual(['batchSize', 'model', 'sloTtftP95']);
  });

  it('a missing required field is named', async () => {
    const { sloTps: _, ...rest } = RECOMMEND;
    const res = await post('/v1/recommend', rest);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.field).toBe('sloTps');
  });

  it('a body that is not an object is 400', async () => {
    const res = await post('/v1/predict', [1, 2]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.code).toBe('invalid-field');
  });

  it('a calibration is a built-in name, never a server path', async () => {
    const res = await post('/v1/recommend', { ...RECOMMEND, calibration: '/etc/passwd' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.field).toBe('calibration');
  });

  it('malformed JSON is 400 malformed-json', async () => {
    const res = await post('/v1/recommend', '{"model": ');
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.code).toBe('malformed-json');
  });

  it('a body over the limit is 413', async () => {
    const res = await post('/v1/recommend', { ...RECOMMEND, model: 'x'.repeat(DEFAULT_LIMITS.maxBodyBytes) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorJson).error.code).toBe('body-too-large');
  });

  it('a body that is not JSON is 415', async () => {
    const res = await post('/v1/recommend', 'model=x', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(415);
    expect(((await res.json()) as ErrorJson).error.code).toBe('unsupported-media-type');
  });

  it('an unknown GPU or region in /v1/instances names the parameter', async () => {
    const gpu = await app.request('/v1/instances?gpu=L44');
    expect(gpu.status).toBe(400);
    expect(((await gpu.json()) as ErrorJson).error.field).toBe('gpu');
    const region = await app.request('/v1/instances?region=us-east-9');
    expect(region.status).toBe(400);
    expect(((await region.json()) as ErrorJson).error.field).toBe('region');
    const extra = await app.request('/v1/instances?foo=1');
    expect(extra.status).toBe(400);
  });

  it('a recommend grid over the limit is 422 grid-too-large', async () => {
    const small = createApp(fsPlannerData, { ...DEFAULT_LIMITS, maxGridPlacements: 3 });
    const res = await small.request('/v1/recommend', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(RECOMMEND),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorJson).error.code).toBe('grid-too-large');
  });

  it('an unknown route is 404 JSON and a wrong method 405', async () => {
    const res = await app.request('/v2/nothing');
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorJson).error.code).toBe('not-found');
    const wrong = await app.request('/v1/recommend');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  it('a thrown bug is 500 with a generic message and no stack', async () => {
    const broken = createApp({
      ...fsPlannerData,
      models: () => {
        throw new Error('secret detail');
      },
    });
    for (const res of [
      await broken.request('/v1/models'),
      await broken.request('/v1/recommend', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(RECOMMEND),
      }),
    ]) {
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).not.toContain('secret');
      expect(text).not.toMatch(/at .*\.ts/);
      expect(JSON.parse(text).error.code).toBe('internal-error');
    }
  });
});

describe('POST /v1/simulate', () => {
  it('returns what `simulate --json` prints for the same synthetic workload', async () => {
    const res = await post('/v1/simulate', SIMULATE);
    expect(res.status).toBe(200);
    const cli = JSON.parse((await runSimulate(asFlags(SIMULATE), fsPlannerData)).stdout);
    expect(await res.json()).toEqual(cli);
    expect(cli.schemaVersion).toBe(1);
  });

  it('runs a closed loop at a fixed concurrency, as simulate --concurrency does', async () => {
    const { rate: _rate, ...rest } = SIMULATE as Record<string, unknown>;
    const body = { ...rest, concurrency: 8 };
    const res = await post('/v1/simulate', body);
    expect(res.status).toBe(200);
    const json = await res.json();
    expect(json.settings.concurrency).toBe(8);
    expect(json).toEqual(JSON.parse((await runSimulate(asFlags(body), fsPlannerData)).stdout));
  });

  it('refuses trace and timeline fields: the server never reads or writes a path a client sends', async () => {
    for (const field of ['trace', 'timeline']) {
      const res = await post('/v1/simulate', { ...SIMULATE, [field]: '/etc/passwd' });
      expect(res.status, field).toBe(400);
      const body = (await res.json()) as ErrorJson;
      expect(body.error.field).toBe(field);
      expect(body.error.message).toMatch(/unknown field/);
    }
  });

  it('refuses a modelConfig that is a path: it must be the config.json object itself', async () => {
    const res = await post('/v1/simulate', { ...SIMULATE, model: undefined, modelConfig: '/etc/passwd' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.field).toBe('modelConfig');
    expect(body.error.message).toContain('never a path');
  });

  it('caps the synthetic requests (422 naming requests or duration)', async () => {
    const many = await post('/v1/simulate', {
      ...SIMULATE,
      requests: DEFAULT_LIMITS.maxSimulateRequests + 1,
    });
    expect(many.status).toBe(422);
    expect(((await many.json()) as ErrorJson).error.field).toBe('requests');
    const { requests: _, ...rest } = SIMULATE;
    const long = await post('/v1/simulate', { ...rest, rate: 1000, duration: '1h' });
    expect(long.status).toBe(422);
    expect(((await long.json()) as ErrorJson).error.field).toBe('duration');
  });

  it('answers a bad value with 400 naming the field', async () => {
    const res = await post('/v1/simulate', { ...SIMULATE, inputTokens: 'lots' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.field).toBe('inputTokens');
    const cal = await post('/v1/simulate', { ...SIMULATE, calibration: '/tmp/mine.json' });
    expect(cal.status).toBe(400);
    expect(((await cal.json()) as ErrorJson).error.field).toBe('calibration');
  });
});

describe('POST /v1/calibrate', () => {
  it('returns the calibration file and the fit report of `calibrate --json`', async () => {
    const res = await post('/v1/calibrate', { measurements: [MEASUREMENT], id: 'mine' });
    expect(res.status).toBe(200);
    const out = join(tmp, 'mine.json');
    const run = runCalibrate([MEASUREMENT_FILE], { out, id: 'mine', json: true }, fsPlannerData);
    expect(run.stderr).toBe('');
    const cli = JSON.parse(run.stdout);
    const body = (await res.json()) as typeof cli;
    // The same fit; only where the measurements came from (a file, or measurements[0]) differs.
    const label = (v: unknown) =>
      JSON.parse(JSON.stringify(v).replaceAll(MEASUREMENT_FILE, 'measurements[0]'));
    const { out: written, ...cliRest } = cli;
    expect(written).toBe(out);
    expect(body).toEqual(label(cliRest));
    expect(body.calibration).toEqual(label(JSON.parse(readFileSync(out, 'utf8'))));
  });

  it('names the bad sample field as measurements[i].samples[j].field', async () => {
    const samples = [...(MEASUREMENT.samples as Record<string, unknown>[])];
    samples[3] = { ...samples[3], seconds: -1 };
    const res = await post('/v1/calibrate', { measurements: [MEASUREMENT, { ...MEASUREMENT, samples }] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.field).toBe('measurements[1].samples[3].seconds');
  });

  it('refuses unknown fields, an empty list, an unknown predictor and unknown catalog ids', async () => {
    const cases: [unknown, string][] = [
      [{ measurements: [MEASUREMENT], files: ['/etc/passwd'] }, 'files'],
      [{ measurements: [] }, 'measurements'],
      [{ measurements: [MEASUREMENT], predictor: 'profiled' }, 'predictor'],
      [{ measurements: [{ ...MEASUREMENT, model: { id: 'no/such-model' } }] }, 'measurements[0].model.id'],
    ];
    for (const [body, field] of cases) {
      const res = await post('/v1/calibrate', body);
      expect(res.status, field).toBe(400);
      expect(((await res.json()) as ErrorJson).error.field, field).toBe(field);
    }
  });
});

describe('/openapi.json', () => {
  it('is an OpenAPI 3.1 document listing exactly the served routes', async () => {
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      info: { title: string; version: string };
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
      components: { responses: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(Object.keys(doc.paths).sort()).toEqual(Object.keys(ROUTES).sort());
    for (const [path, method] of Object.entries(ROUTES)) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op?.responses['200']).toBeDefined();
      for (const r of Object.values(op?.responses ?? {})) {
        const ref = (r as { $ref?: string }).$ref;
        if (ref) expect(doc.components.responses[ref.split('/').pop() as string]).toBeDefined();
      }
      const served = await app.request(path, { method: method.toUpperCase() });
      expect(served.status, path).not.toBe(404);
    }
    const body = doc.paths['/v1/recommend']?.post?.requestBody as {
      content: {
        'application/json': { schema: { properties: Record<string, unknown>; required: string[] } };
      };
    };
    const schema = body.content['application/json'].schema;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(Object.keys(RECOMMEND)));
    // model or modelConfig (a config.json as JSON): exactly one, checked by the use case.
    expect(schema.required.sort()).toEqual(['batchSize', 'inputTokens', 'outputTokens', 'sloTps']);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['model', 'modelConfig']));
  });
});
