import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import type { Issue } from '../core/issue.js';
import { generateWorkload } from '../sim/synthetic-workload.js';
import type { Workload } from '../sim/workload.js';
import { capacityMix } from './capacity-mix.js';
import { type CapacityMixRequest, parseCapacityMixRequest } from './capacity-mix-request.js';
import { loadCapacityMixData } from './fleet-data.js';

const loaded = loadCapacityMixData(fsPlannerData);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const data = loaded.value;

const request = (over: Record<string, unknown> = {}): CapacityMixRequest => {
  const parsed = parseCapacityMixRequest({
    model: 'meta-llama/Llama-3.1-8B',
    gpu: 'A100-80GB',
    slo: { e2eSeconds: 20 },
    windowSeconds: 60,
    probeRequests: 60,
    ...over,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
};

/** Ten minutes of long answers at 2 requests/s, then ten at 8: a burst the baseline should not cover. */
function burstyTrace(): Workload {
  const sizes = { kind: 'uniform', minTokens: 500, maxTokens: 1500 } as const;
  const outputs = { kind: 'uniform', minTokens: 300, maxTokens: 600 } as const;
  const calm = generateWorkload({
    durationSeconds: 600,
    requestsPerSecond: 2,
    arrival: { kind: 'poisson' },
    inputLengths: sizes,
    outputLengths: outputs,
    seed: 1,
  });
  const busy = generateWorkload({
    durationSeconds: 600,
    requestsPerSecond: 8,
    arrival: { kind: 'poisson' },
    inputLengths: sizes,
    outputLengths: outputs,
    seed: 2,
  });
  const cat = <T extends Float64Array | Uint32Array>(a: T, b: T, make: (n: number) => T, shift = 0) => {
    const out = make(a.length + b.length);
    out.set(a);
    out.set(shift ? b.map((x) => x + shift) : b, a.length);
    return out;
  };
  return {
    arrivalSeconds: cat(calm.arrivalSeconds, busy.arrivalSeconds, (n) => new Float64Array(n), 600),
    inputTokens: cat(calm.inputTokens, busy.inputTokens, (n) => new Uint32Array(n)),
    outputTokens: cat(calm.outputTokens, busy.outputTokens, (n) => new Uint32Array(n)),
    source: 'calm then busy',
  };
}

const codes = (issues: Issue[]) => issues.map((i) => `${i.code} ${i.path}`).sort();

describe('capacity mix over a trace (simulated capacity, exact baseline search, replay)', () => {
  const trace = burstyTrace();
  const result = capacityMix(request(), trace, data);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  const r = result.value;

  it('gives every window at least ⌈interactive rate ÷ one replica’s capacity⌉ replicas, reserved + on-demand', () => {
    expect(r.capacity.requestsPerSecondPerReplica).toBeGreaterThan(0);
    for (const w of r.windows) {
      expect(w.replicasNeeded).toBe(
        Math.ceil(w.interactiveRequestsPerSecond / r.capacity.requestsPerSecondPerReplica - 1e-9),
      );
      expect(w.reserved + w.onDemand).toBeGreaterThanOrEqual(w.replicasNeeded);
    }
  });

  it('reserves the calm half’s need and bursts on-demand in the busy half (a burst GPU used half the time: $3.43 × ½ on-demand < $2.18 reserved)', () => {
    const calm = r.windows[0]?.replicasNeeded ?? 0;
    const busy = r.windows.at(-2)?.replicasNeeded ?? 0;
    expect(busy).toBeGreaterThan(calm);
    expect(r.plans.mix.reservedReplicas).toBe(calm);
    expect(r.windows.at(-2)?.onDemand).toBe(busy - calm);
  });

  it('costs no more than all on-demand or all reserved at peak, and prices reserved from AWS’s catalog', () => {
    expect(r.plans.mix.totalUsd).toBeLessThanOrEqual(r.plans['all-on-demand'].totalUsd);
    expect(r.plans.mix.totalUsd).toBeLessThanOrEqual(r.plans['all-reserved'].totalUsd);
    expect(r.savings.vsAllOnDemand.usd).toBeCloseTo(
      r.plans['all-on-demand'].totalUsd - r.plans.mix.totalUsd,
      9,
    );
    expect(r.prices.reservedUsdPerGpuHour).toBeLessThan(r.prices.onDemandUsdPerGpuHour);
    expect(r.prices.sources.reserved).toContain('1-year no-upfront reserved');
    expect(r.solver.exact).toBe(true);
  });

  it('replays the trace through the mix, and takes the autoscaler’s queue target from the simulation at the SLO’s maximum rate', () => {
    expect(r.replay?.requests).toBe(trace.arrivalSeconds.length);
    expect(r.replay?.sloAttainment).toBeGreaterThan(0.9);
    expect(r.autoscaling?.queueDepthPerReplica).toBeGreaterThanOrEqual(0);
    expect(r.autoscaling?.atRequestsPerSecond).toBe(r.capacity.requestsPerSecondPerReplica);
    expect(r.autoscaling?.minReplicas).toBe(Math.max(1, r.plans.mix.reservedReplicas));
    expect(r.autoscaling?.maxReplicas).toBe(Math.max(...r.windows.map((w) => w.replicasNeeded)));
    // The curve's point at 100 % of capacity is the target's own simulation: the SLO holds there.
    const atCapacity = r.autoscaling?.queueCurve.find((q) => q.shareOfCapacity === 1);
    expect(atCapacity?.queueDepthPerReplica).toBe(r.autoscaling?.queueDepthPerReplica);
    expect(atCapacity?.meetsSlo).toBe(true);
    expect(r.autoscaling?.queueCurve.map((q) => q.shareOfCapacity)).toEqual([0.5, 0.8, 1, 1.2, 1.5]);
  });

  it('plans a diurnal profile with the trace’s sizes (no replay), and batch work on spot with its expected reruns', () => {
    const p = capacityMix(
      request({
        windowSeconds: 3600,
        profile: { meanRequestsPerSecond: 10, days: 2 },
        batchFraction: 0.3,
        spotUsdPerGpuHour: 1,
        spotInterruptionsPerHour: 0.1,
        spotRestartSeconds: 600,
      }),
      trace,
      data,
    );
    if (!p.ok) throw new Error(JSON.stringify(p.issues));
    expect(p.value.windows).toHaveLength(48);
    expect(p.value.replay).toBeNull();
    expect(p.value.batch?.runsOn).toBe('spot');
    expect(p.value.batch?.spotExpectedStretch).toBeGreaterThan(1);
    expect(p.value.plans.mix.totalUsd).toBeLessThanOrEqual(p.value.plans['all-on-demand'].totalUsd);
  });
});

describe('capacity mix: bad input, every problem at once, before any simulation', () => {
  const trace = burstyTrace();

  it('a cloud without reserved prices needs the commitment’s price or discount', () => {
    const r = capacityMix(request({ cloud: 'gcp' }), trace, data);
    expect(!r.ok && codes(r.issues)).toEqual(['missing-option reservedUsdPerGpuHour']);
    const given = capacityMix(
      request({ cloud: 'gcp', reservedDiscount: 0.37, probeRequests: 50 }),
      trace,
      data,
    );
    expect(given.ok && given.value.prices.reservedUsdPerGpuHour).toBeCloseTo(
      given.ok ? given.value.prices.onDemandUsdPerGpuHour * 0.63 : 0,
      12,
    );
  });

  it('batch work on spot needs a spot price (AWS has none), the interruption rate and the restart time', () => {
    const r = capacityMix(request({ batchFraction: 0.2 }), trace, data);
    expect(!r.ok && codes(r.issues)).toEqual([
      'missing-option spotInterruptionsPerHour',
      'missing-option spotRestart',
      'missing-option spotUsdPerGpuHour',
    ]);
  });

  it('refuses spot settings without batch work, both reserved forms at once, and an empty trace', () => {
    const empty: Workload = {
      arrivalSeconds: new Float64Array(0),
      inputTokens: new Uint32Array(0),
      outputTokens: new Uint32Array(0),
      source: 'empty.csv',
    };
    const r = capacityMix(
      request({ spotInterruptionsPerHour: 0.1, reservedUsdPerGpuHour: 2, reservedDiscount: 0.3 }),
      empty,
      data,
    );
    expect(!r.ok && codes(r.issues)).toEqual([
      'empty-trace trace',
      'invalid-option reservedDiscount',
      'invalid-option spotInterruptionsPerHour',
    ]);
  });

  it('names the field of a window longer than the trace and of an unknown cloud', () => {
    const r = capacityMix(request({ windowSeconds: 7200, cloud: 'oracle' }), trace, data);
    expect(!r.ok && codes(r.issues)).toEqual(['unknown-cloud cloud', 'window-longer-than-trace window']);
  });
});
