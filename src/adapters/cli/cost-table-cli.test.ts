import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { costTableSchema } from '../../app/cost-table-schema.js';
import { expectCleanFailure } from './fixtures/expect-clean-failure.js';
import { cli } from './fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'infersave-cost-table-'));

/** A small sweep: whole GPU and 3g.40gb at one clock, one batch limit, two variants, the two short-output types. */
const small = [
  'cost-table',
  '--model',
  'meta-llama/Llama-3.1-8B',
  '--mig',
  '3g.40gb',
  '--gpu-clocks-mhz',
  '1410',
  '--max-num-seqs',
  '32',
  '--variants',
  'standard,chunked-prefill',
  '--query-types',
  'SISO,LISO',
  '--probe-requests',
  '60',
];

describe('infersave cost-table', () => {
  it('prints the table with both rate definitions labelled and the best configuration per hardware and type', async () => {
    const run = await cli(...small, '--workers', '2');
    expect(run.code).toBe(0);
    expect(run.out).toContain('open-loop Poisson');
    expect(run.out).toContain('closed-loop ramp');
    expect(run.out).toContain('A100-80GB 3g.40gb');
    expect(run.out).toMatch(/Best configuration per \(hardware, query type, rate definition\) by cost/);
  });

  it('--json is the cost-table contract; --csv has one line per row', async () => {
    const json = await cli(...small, '--workers', '1', '--json');
    const table = costTableSchema.parse(JSON.parse(json.out));
    expect(table.rows).toHaveLength(2 * 2 * 2 * 2);
    const csv = await cli(...small, '--workers', '1', '--csv');
    const lines = csv.out.trim().split('\n');
    expect(lines[0]).toMatch(
      /^model,gpu,mig_profile,gpu_clock_mhz,max_num_seqs,variant,query_type,rate_definition/,
    );
    expect(lines).toHaveLength(1 + table.rows.length);
  });

  it('two shards merged equal the whole sweep, row for row', async () => {
    const whole = costTableSchema.parse(JSON.parse((await cli(...small, '--workers', '1', '--json')).out));
    const files = [0, 1].map((i) => join(dir, `shard-${i}.json`));
    for (const [i, file] of files.entries()) {
      const run = await cli(...small, '--workers', '1', '--shard', `${i}/2`, '--out', file);
      expect(run.code).toBe(0);
    }
    const shard0 = costTableSchema.parse(JSON.parse(readFileSync(files[0] as string, 'utf8')));
    expect(shard0.shard).toEqual({ index: 0, count: 2 });
    expect(shard0.rows.length).toBeLessThan(whole.rows.length);
    const merged = await cli('cost-table-merge', ...files, '--json');
    expect(merged.code).toBe(0);
    const m = costTableSchema.parse(JSON.parse(merged.out));
    const key = (r: (typeof m.rows)[number]) => JSON.stringify(r);
    expect(m.rows.map(key).sort()).toEqual(whole.rows.map(key).sort());
    const missing = await cli('cost-table-merge', files[0] as string);
    expectCleanFailure(missing, [], 2, ['shards 1 are missing']);
    const again = ['cost-table-merge', ...files, '--out', files[0] as string, '--force'];
    expectCleanFailure(await cli(...again), again, 2, ['--out']);
  });

  it('reports every bad flag at once, naming each and how to fix it', async () => {
    const args = [
      'cost-table',
      '--model',
      'meta-llama/Llama-3.1-8B',
      '--shard',
      '3/2',
      '--variants',
      'turbo',
      '--max-num-seqs',
      '16,x',
    ];
    expectCleanFailure(await cli(...args), args, 2, ['--shard', 'turbo', '--max-num-seqs']);
    const bad = [
      'cost-table',
      '--model',
      'meta-llama/Llama-3.1-8B',
      '--mig',
      '9g.99gb',
      '--gpu-clocks-mhz',
      '300',
    ];
    expectCleanFailure(await cli(...bad), bad, 2, ['9g.99gb', '300 MHz', '855']);
  });
});
