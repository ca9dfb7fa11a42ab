import { describe, expect, it } from 'vitest';
import { capacityMixBody, fitTrace, fleetBody, parseSizes, provisionBody } from './static/bodies.js';

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

  it('provision: the synthetic trace inline, columnar, within the server’s body limit', () => {
    const { body } = provisionBody(provision, undefined, 65_536);
    const r = (body as { requests: { arrivalSeconds: number[]; outputTokens: number[] } }).requests;
    expect(r.arrivalSeconds.length).toBeGreaterThan(2000);
    expect(r.outputTokens).toHaveLength(r.arrivalSeconds.length);
    expect(new TextEncoder().encode(JSON.stringify(body)).length).toBeLessThanOrEqual(65_536);
    expect((body as { windowSeconds: number }).windowSeconds).toBe(60);
  });

  it('provision: an uploaded trace that fits is sent as it is, the synthetic fields unused', () => {
    const trace = { arrivalSeconds: [0, 1], inputTokens: [5, 6], outputTokens: [7, 8] };
    const built = provisionBody({ ...provision, traceBusyRate: 'x' }, trace, 65_536);
    expect((built.body as { requests: unknown }).requests).toBe(trace);
    expect(built.cut).toBeUndefined();
  });

  it('provision: an uploaded trace over the body limit is cut to the requests that fit, and says how many', () => {
    const n = 10_000;
    const trace = {
      arrivalSeconds: Array.from({ length: n }, (_, i) => i / 10),
      inputTokens: Array.from({ length: n }, () => 1000),
      outputTokens: Array.from({ length: n }, () => 200),
    };
    const built = provisionBody(provision, trace, 65_536);
    const bytes = new TextEncoder().encode(JSON.stringify(built.body)).length;
    expect(built.cut?.of).toBe(n);
    expect(built.cut?.sent).toBeLessThan(n);
    expect((built.body as { requests: { arrivalSeconds: number[] } }).requests.arrivalSeconds).toHaveLength(
      built.cut?.sent ?? 0,
    );
    // The most that fit: one more request (its numbers and three commas) would pass the limit.
    expect(bytes).toBeLessThanOrEqual(65_536);
    const next = built.cut?.sent ?? 0;
    const nextBytes =
      `${trace.arrivalSeconds[next]}${trace.inputTokens[next]}${trace.outputTokens[next]}`.length + 3;
    expect(bytes + nextBytes).toBeGreaterThan(65_536);
  });

  it('fitTrace counts the body’s bytes by hand: the empty columns, each request’s numbers and commas', () => {
    const trace = { arrivalSeconds: [0, 1], inputTokens: [5, 6], outputTokens: [7, 8] };
    // {"a":1,"requests":{"arrivalSeconds":[],"inputTokens":[],"outputTokens":[]}} is 75 bytes; the first
    // request adds 3 (0, 5, 7), the second 6 (1, 6, 8 and three commas): 84 in all.
    expect(new TextEncoder().encode(JSON.stringify({ a: 1, requests: trace })).length).toBe(84);
    expect(fitTrace({ a: 1 }, trace, 84).sent).toBe(2);
    expect(fitTrace({ a: 1 }, trace, 83).sent).toBe(1);
    expect(fitTrace({ a: 1 }, trace, 78).sent).toBe(1);
    expect(fitTrace({ a: 1 }, trace, 77).sent).toBe(0);
    expect(fitTrace({ a: 1 }, trace, undefined).sent).toBe(2);
  });

  it('provision: a synthetic trace over the body limit is refused beside the busy rate, before anything runs', () => {
    const [issue] = provisionBody({ ...provision, traceBusyRate: '100' }, undefined, 65_536).issues ?? [];
    expect(issue?.field).toBe('traceBusyRate');
    expect(issue?.message).toMatch(
      /^this trace has 2\d,\d{3} requests; this server takes request bodies up to 65,536 bytes, the first 3,\d{3} of them: lower the rates or the phase length$/,
    );
    // One of millions is refused before it is generated.
    expect(
      provisionBody({ ...provision, traceBusyRate: '1e6' }, undefined, 65_536).issues?.[0]?.message,
    ).toMatch(/^this trace would have about 240,000,480 requests; .* at most 10,922 of them/);
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
