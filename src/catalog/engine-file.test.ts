import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import { parseEngineFile } from './engine-file.js';

const dir = new URL('../../data/v1/engines/', import.meta.url);
const vllm = JSON.parse(readFileSync(new URL('vllm.json', dir), 'utf8'));

describe('engine files', () => {
  it('ships vllm, sglang, trtllm and flexgen, each parsing with its id as its file name', () => {
    const engines = fsPlannerData.engines?.();
    expect(engines?.ok).toBe(true);
    if (!engines?.ok) return;
    expect(engines.value.map((e) => e.id)).toEqual(['flexgen', 'sglang', 'trtllm', 'vllm']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.json')).length).toBe(4);
  });

  it('names every engine without data of its own and where its values came from', () => {
    const engines = fsPlannerData.engines?.();
    if (!engines?.ok) throw new Error('engines do not load');
    for (const id of ['sglang', 'trtllm', 'flexgen']) {
      const e = engines.value.find((x) => x.id === id);
      expect(e?.transferred.map((t) => t.fromEngine)).toContain('vllm');
    }
  });

  it('reports every problem of a bad file at once, with its field path', () => {
    const bad = {
      ...vllm,
      kvCache: { ...vllm.kvCache, blockSizeTokens: 0, admission: 'fifo' },
      sources: [],
      extra: 1,
    };
    const parsed = parseEngineFile(bad, 'bad.json');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => i.path).sort()).toEqual([
      '(root)',
      'kvCache.admission',
      'kvCache.blockSizeTokens',
      'sources',
    ]);
    expect(parsed.issues.every((i) => i.details?.file === 'bad.json')).toBe(true);
  });
});
