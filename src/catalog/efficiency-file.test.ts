import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEfficiencyFile } from './efficiency-file.js';

function committedFile(): unknown {
  return JSON.parse(readFileSync(new URL('../../data/v1/efficiency.json', import.meta.url), 'utf8'));
}

type Json = Record<string, unknown>;

function child(value: unknown, key: string): Json {
  if (typeof value !== 'object' || value === null) throw new Error(`no object at ${key}`);
  const next = (value as Json)[key];
  if (typeof next !== 'object' || next === null) throw new Error(`no object at ${key}`);
  return next as Json;
}

describe('parseEfficiencyFile', () => {
  it('parses the committed data/v1/efficiency.json', () => {
    const result = parseEfficiencyFile(committedFile());
    if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
    const { byGpuId, fallback } = result.value;
    expect(Object.keys(byGpuId).sort()).toEqual([
      'A100-80GB',
      'B200',
      'H100-SXM',
      'H200',
      'L40S',
      'RTX-PRO-6000',
    ]);
    for (const profile of Object.values(byGpuId)) {
      expect(profile.estimated).toBe(false);
      expect(profile.gemm.computeEfficiency).toBeGreaterThan(0);
      expect(profile.gemm.computeEfficiency).toBeLessThanOrEqual(1);
      expect(Object.keys(profile.allReduce).sort()).toEqual(['2', '4', '8']);
    }
    expect(fallback.estimated).toBe(true);
    expect(fallback.decodeAttention.fixedSeconds).toBeGreaterThanOrEqual(0);
  });

  it('names the path of every bad field', () => {
    const file = committedFile();
    const h100 = child(child(file, 'gpus'), 'H100-SXM');
    child(child(h100, 'profile'), 'gemm').computeEfficiency = 1.5;
    child(child(h100, 'profile'), 'allReduce').two = { latencySeconds: 1e-6, busBytesPerSecond: 1e11 };
    child(child(file, 'fallback'), 'profile').estimated = false;
    const result = parseEfficiencyFile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.issues.map((issue) => issue.path);
    expect(paths).toContain('gpus.H100-SXM.profile.gemm.computeEfficiency');
    expect(paths).toContain('gpus.H100-SXM.profile.allReduce.two');
    expect(paths).toContain('fallback.profile.estimated');
    expect(result.issues.every((issue) => issue.code === 'schema-invalid')).toBe(true);
  });

  it('rejects a fallback derived from a GPU that was not fitted', () => {
    const file = committedFile();
    const fallback = child(file, 'fallback');
    fallback.derivedFrom = ['H100-SXM', 'T4'];
    const result = parseEfficiencyFile(file);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toEqual([
        expect.objectContaining({ code: 'catalog-inconsistent', path: 'fallback.derivedFrom[1]' }),
      ]);
    }
  });

  it('returns issues, never throws, on input that is not an object', () => {
    for (const raw of [null, 42, 'efficiency', []]) {
      const result = parseEfficiencyFile(raw);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues[0]?.path).toBe('(root)');
    }
  });
});
