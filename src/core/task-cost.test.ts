import { describe, expect, it } from 'vitest';
import { taskCost } from './task-cost.js';

const task = { requests: 3000, batchSize: 32, inputTokens: 128, outputTokens: 512 };

describe('taskCost', () => {
  it('runs 94 batches of 32 and bills one hour at $0.71 (hand-worked)', () => {
    // 3000 / 32 → 94 batches; 33 s each → 3102 s; 1,920,000 tokens / 3102 s = 618.96 TPS
    const c = taskCost(task, 33, 1, 0.71, { kind: 'hourly' }, 400);
    expect(c.batches).toBe(94);
    expect(c.runSeconds).toBe(3102);
    expect(c.tokensPerSecond).toBeCloseTo(1_920_000 / 3102, 9);
    expect(c.billedSeconds).toBe(3600);
    expect(c.totalUsd).toBeCloseTo(0.71, 12);
    expect(c.effectiveTokensPerSecond).toBe(400);
    // eq. 3: 400 × 3600 / (1 h × $0.71)
    expect(c.costEfficiency).toBeCloseTo((400 * 3600) / 0.71, 6);
    expect(c.usdPerMillionTokens).toBeCloseTo((0.71 / 1_920_000) * 1e6, 12);
    // 3000 requests × 512 output tokens = 1,536,000: $0.71 / 1.536 M = $0.4622 per million output tokens
    expect(c.usdPerMillionOutputTokens).toBeCloseTo(0.71 / 1.536, 12);
    expect(c.meetsSlo).toBe(true);
  });

  it('splits batches across replicas', () => {
    const c = taskCost(task, 33, 4, 4, { kind: 'per-second', minimumSeconds: 60 }, 400);
    expect(c.runSeconds).toBe(24 * 33);
    expect(c.billedSeconds).toBe(792);
    expect(c.totalUsd).toBeCloseTo((792 / 3600) * 4, 12);
  });

  it('misses the SLO when throughput is below it, and reports cost efficiency 0 without a price', () => {
    const c = taskCost(task, 100, 1, 0, { kind: 'hourly' }, 400);
    expect(c.meetsSlo).toBe(false);
    expect(c.costEfficiency).toBe(0);
  });
});
