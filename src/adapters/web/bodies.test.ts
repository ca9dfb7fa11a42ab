import { describe, expect, it } from 'vitest';
import {
  capacityMixBody,
  fleetBody,
  MAX_INLINE_REQUESTS,
  parseSizes,
  provisionBody,
} from './static/bodies.js';

describe("the typed bodies the page builds from its form's text", () => {
  it('capacity-mix: durations in seconds, the SLO and the profile as objects, a sizes sample of the request size', () => {
    const { body, issues } = capacityMixBody({
      model: 'meta-llama/Llama-3.1-8B',
      inputTokens: '1000',
      outputTokens: '200',
      gpu: 'A100-80GB',
      mixCloud: 'gcp',
      window: '1h',
      sloE2eP95: '20s',
      sloTtftP95: '500ms',
      profileMeanRate: '20',
      profileDays: '7',
      reservedDiscount: '0.37',
      spotRestart: '10m',
    });
    expect(issues).toBeUndefined();
    const { requests, ...rest } = body as { requests: { inputTokens: number[] } } & Record<string, unknown>;
    expect(rest).toEqual({
      model: 'meta-llama/Llama-3.1-8B',
      gpu: 'A100-80GB',
      cloud: 'gcp',
      windowSeconds: 3600,
      slo: { ttftSeconds: 0.5, e2eSeconds: 20 },
      reservedDiscount: 0.37,
      spotRestartSeconds: 600,
      profile: { meanRequestsPerSecond: 20, days: 7 },
      probeRequests: 200,
    });
    expect(requests.inputTokens).toHaveLength(200);
    expect(new Set(requests.inputTokens)).toEqual(new Set([1000]));
  });

  it('capacity-mix: every problem the page can see, each beside its field', () => {
    expect(
      capacityMixBody({
        model: 'm',
        inputTokens: '0',
        outputTokens: '2.5',
        window: 'hourly',
        profileMeanRate: 'x',
      }).issues,
    ).toEqual([
      { field: 'inputTokens', message: 'a whole number of 1 or more' },
      { field: 'outputTokens', message: 'a whole number' },
      { field: 'window', message: 'a duration such as 500ms, 20s, 5m or 1h' },
      { field: 'profileMeanRate', message: 'a number' },
    ]);
  });

  const provision = {
    model: 'meta-llama/Llama-3.1-8B',
    inputTokens: '1000',
    outputTokens: '200',
    window: '1m',
    traceQuietRate: '1',
    traceBusyRate: '8',
    tracePhase: '4m',
    sloE2eP95: '20s',
  };

  it('provision: the synthetic trace inline, columnar, under the page limit', () => {
    const { body } = provisionBody(provision);
    const r = (body as { requests: { arrivalSeconds: number[]; outputTokens: number[] } }).requests;
    expect(r.arrivalSeconds.length).toBeGreaterThan(2000);
    expect(r.arrivalSeconds.length).toBeLessThanOrEqual(MAX_INLINE_REQUESTS);
    expect(r.outputTokens).toHaveLength(r.arrivalSeconds.length);
    expect((body as { windowSeconds: number }).windowSeconds).toBe(60);
  });

  it('provision: an uploaded trace is sent as it is, the synthetic fields unused', () => {
    const trace = { arrivalSeconds: [0, 1], inputTokens: [5, 6], outputTokens: [7, 8] };
    const { body } = provisionBody({ ...provision, traceBusyRate: 'x' }, trace);
    expect((body as { requests: unknown }).requests).toBe(trace);
  });

  it('provision: a trace larger than the page sends is refused beside the busy rate, before anything runs', () => {
    expect(provisionBody({ ...provision, traceBusyRate: '100' }).issues).toEqual([
      {
        field: 'traceBusyRate',
        message:
          'this trace would have about 24,480 requests; the page sends at most 2,500: lower the rates or the phase length',
      },
    ]);
  });
});

describe('the fleet body: sizes typed one per line, lists split on commas', () => {
  it('reads the sizes, the rate, clouds, regions and instance patterns', () => {
    const { body } = fleetBody({
      model: 'meta-llama/Llama-3.1-8B',
      fleetSizes: '100, 50, 0.7\n\n2000 200 0.3',
      rate: '8',
      instances: 'g6e.xlarge, g5.*',
      cloud: 'aws',
      region: 'us-east-1',
      sloTpotP95: '100ms',
    });
    expect(body).toEqual({
      model: 'meta-llama/Llama-3.1-8B',
      clouds: ['aws'],
      regions: ['us-east-1'],
      instances: ['g6e.xlarge', 'g5.*'],
      slo: { tpotSeconds: 0.1 },
      requestsPerSecond: 8,
      distribution: [
        { inputTokens: 100, outputTokens: 50, weight: 0.7 },
        { inputTokens: 2000, outputTokens: 200, weight: 0.3 },
      ],
    });
  });

  it('names each bad line', () => {
    expect(parseSizes('100, 50, 0.7\n2000 tokens\n0, 5, 1').issues).toEqual([
      "line 2: '2000 tokens' is not input tokens, output tokens, weight",
      'line 3: token counts are whole numbers ≥ 1 and the weight is ≥ 0',
    ]);
    expect(parseSizes('  ').issues).toEqual(['give at least one size: input tokens, output tokens, weight']);
  });
});
