import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capacityMixRequestSchema } from '../../app/capacity-mix-request.js';
import { fleetRequestSchema } from '../../app/fleet-request.js';
import { provisionRequestSchema } from '../../app/provision-request.js';
import {
  CapacityFields,
  CompareApiFields,
  RecommendFields,
  RecommendLatencyFields,
  SimulateFields,
} from '../../app/request-schemas.js';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { createApp } from '../http/create-app.js';
import { CAPACITY_MIX_CONTROLS, FLEET_CONTROLS, PROVISION_CONTROLS } from './static/bodies.js';
import { inPageWords } from './static/words.js';

// The page's labels, read from the page itself: a control renamed or dropped shows up here.
const html = readFileSync(resolve(import.meta.dirname, 'static/index.html'), 'utf8');
const LABELS = Object.fromEntries(
  [...html.matchAll(/<label for="(\w+)">([^<]+)<\/label>/g)].map((m) => [m[1], m[2]?.trim()]),
) as Record<string, string>;
const app = createApp(fsPlannerData);
const TRACE = { arrivalSeconds: [0, 1, 2], inputTokens: [1000, 1000, 1000], outputTokens: [200, 200, 200] };

/**
 * Bad requests of each of the page's modes: the problems a user can make from its form. Modes whose
 * endpoint takes typed JSON name the control for each of its field paths (`controls`).
 */
const CASES: {
  path: string;
  schema: { shape: object };
  body: Record<string, unknown>;
  controls?: Record<string, string>;
}[] = [
  {
    path: '/v1/recommend',
    schema: RecommendFields,
    body: {
      model: 'facebook/opt-2.7',
      inputTokens: -5,
      outputTokens: 0,
      batchSize: 'x',
      sloTps: -1,
      maxPrice: -3,
      region: 'us-eas-1',
      precision: 'fp9',
    },
  },
  {
    path: '/v1/recommend-latency',
    schema: RecommendLatencyFields,
    body: { model: 'x', inputTokens: 0, outputTokens: 'a', rate: -1, sloTtftP95: 'soon', maxPrice: -1 },
  },
  {
    path: '/v1/recommend-latency',
    schema: RecommendLatencyFields,
    body: { model: 'meta-llama/Llama-3.1-8B', inputTokens: 512, outputTokens: 256, rate: 5 },
  },
  {
    path: '/v1/capacity',
    schema: CapacityFields,
    body: { model: 'meta-llama/Llama-3.1-8B', inputTokens: 512, outputTokens: 256, precision: 'fp16,int8' },
  },
  {
    path: '/v1/compare-api',
    schema: CompareApiFields,
    body: {
      model: 'meta-llama/Llama-3.1-70B',
      inputTokens: 512,
      outputTokens: 256,
      batchSize: 32,
      apiModel: 'groq/llama-3.3-70b-versatil',
      cloud: 'aws,oracel',
      region: 'us-east-1',
      apiUsdPerMillionInput: 0,
      tokensPerMonth: -1,
      maxUtilization: 2,
    },
  },
  {
    path: '/v1/compare-api',
    schema: CompareApiFields,
    body: { model: 'meta-llama/Llama-3.1-70B', inputTokens: 512, outputTokens: 256, batchSize: 32 },
  },
  {
    path: '/v1/simulate',
    schema: SimulateFields,
    body: { model: 'meta-llama/Llama-3.1-8B', instance: 'g6e.xlarg', rate: -1, requests: 10, inputTokens: 5 },
  },
  {
    path: '/v1/capacity-mix',
    schema: capacityMixRequestSchema,
    controls: CAPACITY_MIX_CONTROLS,
    body: {
      model: 'meta-llama/Llama-3.1-8B',
      windowSeconds: 30,
      slo: {},
      profile: { meanRequestsPerSecond: -1, amplitude: 2, peakHour: 25, days: 0 },
      batchFraction: 2,
      requests: TRACE,
    },
  },
  {
    path: '/v1/capacity-mix',
    schema: capacityMixRequestSchema,
    controls: CAPACITY_MIX_CONTROLS,
    body: {
      model: 'meta-llama/Llama-3.1-8',
      gpu: 'A100-80G',
      cloud: 'gcp',
      region: 'us-eas-1',
      slo: { e2eSeconds: 20 },
      profile: { meanRequestsPerSecond: 20, days: 7 },
      windowSeconds: 3600,
      requests: TRACE,
    },
  },
  {
    path: '/v1/capacity-mix',
    schema: capacityMixRequestSchema,
    controls: CAPACITY_MIX_CONTROLS,
    body: {
      model: 'meta-llama/Llama-3.1-8B',
      cloud: 'gcp',
      slo: { e2eSeconds: 20 },
      profile: { meanRequestsPerSecond: 20, days: 7 },
      windowSeconds: 3600,
      batchFraction: 0.2,
      requests: TRACE,
    },
  },
  {
    path: '/v1/provision',
    schema: provisionRequestSchema,
    controls: PROVISION_CONTROLS,
    body: { model: 'meta-llama/Llama-3.1-8', gpu: 'A100', slo: {}, windowSeconds: -1, requests: TRACE },
  },
  {
    path: '/v1/provision',
    schema: provisionRequestSchema,
    controls: PROVISION_CONTROLS,
    body: {
      model: 'meta-llama/Llama-3.1-8B',
      slo: { e2eSeconds: 20 },
      requests: { ...TRACE, arrivalSeconds: [2, 1, 0] },
    },
  },
  {
    path: '/v1/fleet',
    schema: fleetRequestSchema,
    controls: FLEET_CONTROLS,
    body: {
      model: 'meta-llama/Llama-3.1-8',
      clouds: ['aws', 'oracel'],
      instances: ['g6e.xlarge'],
      slo: {},
      requestsPerSecond: -1,
      maxUtilization: 2,
      distribution: [{ inputTokens: 100, outputTokens: 50, weight: 1 }],
    },
  },
  {
    path: '/v1/fleet',
    schema: fleetRequestSchema,
    controls: FLEET_CONTROLS,
    body: {
      model: 'meta-llama/Llama-3.1-8',
      clouds: ['aws', 'oracel'],
      regions: ['us-eas-1'],
      instances: ['zz.*'],
      slo: { tpotSeconds: 0.1 },
      requestsPerSecond: 8,
      distribution: [{ inputTokens: 100, outputTokens: 50, weight: 1 }],
    },
  },
];

describe("every problem the page's modes can get back reads in the page's words", () => {
  for (const { path, schema, body, controls = {} } of CASES) {
    // As the page's showIssues: an API field path → its control, whose label names it.
    const labelOf = (name: string) => LABELS[controls[name] ?? name];
    it(`${path} ${Object.keys(body).join(', ')}`, async () => {
      const res = await app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      const { issues } = (await res.json()) as { issues: { field: string | null; message: string }[] };
      const fields = new Set(Object.keys(schema.shape));
      for (const issue of issues) {
        const path = issue.field ?? '';
        const field = controls[path] ?? issue.field?.split('.')[0] ?? undefined;
        const bare = path && issue.message.startsWith(`${path}: `);
        const words = inPageWords(
          bare ? issue.message.slice(path.length + 2) : issue.message,
          labelOf,
          field,
        );
        // No CLI flag, no API route, and no request field by its JSON name where the page has a label.
        expect(words).not.toMatch(/--[a-z]/);
        expect(words).not.toMatch(/GET \/v1\//);
        const raw = (words.match(/\b[a-z]+[A-Z][A-Za-z0-9]*\b/g) ?? []).filter(
          (name) => fields.has(name) && LABELS[name] !== undefined,
        );
        expect(raw).toEqual([]);
        // The field the problem names has a control on the page, so it shows beside it.
        if (field) expect(LABELS[field], `${path}: no control for ${field}`).toBeDefined();
      }
    });
  }
});
