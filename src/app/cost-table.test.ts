import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import { buildCostTable, planCostTable } from './cost-table.js';
import { variantScheduler } from './cost-table-job.js';
import { type CostTableRequest, parseCostTableRequest } from './cost-table-request.js';
import { costTableSchema } from './cost-table-schema.js';

const MODEL = 'meta-llama/Llama-3.1-8B';

function request(over: Record<string, unknown> = {}): CostTableRequest {
  const r = parseCostTableRequest({ model: MODEL, ...over });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

function plan(over: Record<string, unknown> = {}) {
  const p = planCostTable(request(over), fsPlannerData);
  if (!p.ok) throw new Error(JSON.stringify(p.issues));
  return p.value;
}

describe('variantScheduler', () => {
  it('standard turns chunked prefill and prefix caching off; each other variant turns exactly one on', () => {
    expect(variantScheduler('standard', 16)).toEqual({
      maxNumSeqs: 16,
      chunkedPrefill: false,
      prefixCaching: false,
    });
    expect(variantScheduler('prefix-caching', 32)).toEqual({
      maxNumSeqs: 32,
      chunkedPrefill: false,
      prefixCaching: true,
    });
    expect(variantScheduler('chunked-prefill', 64)).toEqual({
      maxNumSeqs: 64,
      chunkedPrefill: true,
      prefixCaching: false,
    });
  });
});

describe('planCostTable', () => {
  it('sweeps Llama-3.1-8B on A100-80GB: whole GPU + 6 MIG profiles × 3 clocks × 3 batch limits × 3 variants × 4 types = 756', () => {
    const p = plan();
    expect(p.totalConfigurations).toBe(7 * 3 * 3 * 3 * 4);
    expect(p.table.settings.gpuClocksMhz).toEqual([855, 1133, 1410]);
    expect(p.table.settings.hardware).toEqual([
      'A100-80GB',
      'A100-80GB 1g.10gb',
      'A100-80GB 1g.20gb',
      'A100-80GB 2g.20gb',
      'A100-80GB 3g.40gb',
      'A100-80GB 4g.40gb',
      'A100-80GB 7g.80gb',
    ]);
    // OASIS's representative lengths: LISO = 1000 in, 50 out.
    const liso = p.shared.workloads.LISO;
    expect([liso?.inputTokens[0], liso?.outputTokens[0], liso?.inputTokens.length]).toEqual([1000, 50, 200]);
  });

  it('runs prefix caching over prompts that share no prefix as its standard twin', () => {
    const p = plan({ migProfiles: [], gpuClocksMhz: [1410], maxNumSeqs: [16], queryTypes: ['SISO'] });
    const [standard, prefix, chunked] = p.jobs;
    expect([standard?.variant, prefix?.variant, chunked?.variant]).toEqual([
      'standard',
      'prefix-caching',
      'chunked-prefill',
    ]);
    expect(prefix?.sameAs).toBe(standard?.index);
    expect(chunked?.sameAs).toBeUndefined();
  });

  it('prices a MIG slice at its share of the GPU-hour: 3g.40gb at 4/8 of $4', () => {
    const p = plan({ migProfiles: ['3g.40gb'], wholeGpu: false, usdPerGpuHour: 4, gpuClocksMhz: [1410] });
    expect(p.jobs[0]?.usdPerHour).toBeCloseTo(4 * 0.5);
    expect(p.jobs[0]?.power.power.estimated).toBe(true);
  });

  it('shards partition the sweep: every configuration in exactly one shard, variants of a group together (property)', () => {
    const whole = plan({ gpuClocksMhz: [1410], maxNumSeqs: [16, 32] });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), (count) => {
        const seen: number[] = [];
        for (let index = 0; index < count; index++) {
          const shard = planCostTable(
            request({ gpuClocksMhz: [1410], maxNumSeqs: [16, 32], shard: { index, count } }),
            fsPlannerData,
          );
          if (!shard.ok) return false;
          const mine = new Set(shard.value.jobs.map((j) => j.index));
          for (const j of shard.value.jobs) if (j.sameAs !== undefined && !mine.has(j.sameAs)) return false;
          seen.push(...mine);
        }
        seen.sort((a, b) => a - b);
        return JSON.stringify(seen) === JSON.stringify(whole.jobs.map((j) => j.index));
      }),
      { numRuns: 9 },
    );
  });

  it('reports every bad input at once: an unknown MIG profile, a clock below the floor, an unknown engine', () => {
    const p = planCostTable(
      request({ migProfiles: ['9g.99gb'], gpuClocksMhz: [300], engine: 'warp-drive' }),
      fsPlannerData,
    );
    expect(p.ok).toBe(false);
    const codes = p.ok ? [] : p.issues.map((i) => i.code).sort();
    expect(codes).toEqual(['gpu-clock-out-of-range', 'unknown-engine', 'unknown-mig-profile']);
  });

  it('refuses short and long lengths on the wrong side of the threshold', () => {
    const r = parseCostTableRequest({ model: MODEL, smallTokens: 600 });
    expect(r.ok).toBe(false);
  });
});

describe('buildCostTable', () => {
  it('LISO on a whole A100-80GB at 1410 and 855 MHz: both rate definitions, consistent energy and $, lower clock lower power', async () => {
    const p = plan({
      migProfiles: [],
      gpuClocksMhz: [855, 1410],
      maxNumSeqs: [32],
      variants: ['standard'],
      queryTypes: ['LISO'],
      usdPerGpuHour: 3.6,
      probeRequests: 60,
    });
    const out = await buildCostTable(p);
    expect(costTableSchema.safeParse(out.table).success).toBe(true);
    expect(out.table.rows.map((r) => [r.gpuClockMhz, r.rateDefinition])).toEqual([
      [855, 'open-loop-poisson'],
      [855, 'closed-loop-ramp'],
      [1410, 'open-loop-poisson'],
      [1410, 'closed-loop-ramp'],
    ]);
    for (const r of out.table.rows) {
      expect(r.maxServiceableRequestsPerSecond).toBeGreaterThan(0);
      expect(r.e2eSecondsAtMax).toBeLessThanOrEqual(20);
      // $/M tokens = $/h ÷ (rate × 1050 tokens × 3600 s) × 10⁶.
      expect(r.usdPerMillionTokens).toBeCloseTo(
        (3.6 / (r.maxServiceableRequestsPerSecond * 1050 * 3600)) * 1e6,
        6,
      );
      expect(r.joulesPerToken).toBeGreaterThan(0);
      expect(r.joulesPerOutputToken).toBeCloseTo(r.joulesPerToken * 21, 1);
    }
    const [slow, , fast] = out.table.rows;
    expect(slow?.averagePowerWatts).toBeLessThan(fast?.averagePowerWatts as number);
    expect(
      out.table.rows.filter((r) => r.rateDefinition === 'closed-loop-ramp').every((r) => r.concurrencyAtMax),
    ).toBe(true);
    expect(out.best.length).toBe(2);
  });

  it('lists a slice the model does not fit as unservable, with the reason', async () => {
    const p = plan({
      migProfiles: ['1g.10gb'],
      wholeGpu: false,
      gpuClocksMhz: [1410],
      maxNumSeqs: [16],
      variants: ['chunked-prefill'],
      queryTypes: ['SISO'],
    });
    const out = await buildCostTable(p);
    expect(out.table.rows).toEqual([]);
    expect(out.table.unservable).toHaveLength(1);
    expect(out.table.unservable[0]?.reason).toMatch(/KV cache/);
  });
});
