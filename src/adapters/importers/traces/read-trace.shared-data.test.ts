import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../core/issue.js';
import { readTrace, type TraceReport } from './read-trace.js';

/** The shared real traces, beside the repository (see ../shared/data/README.md); skipped where absent. */
const tracesDir = resolve(import.meta.dirname, '../../../..', '../shared/data/traces');

/** Import speed is measured by `npm run bench`, not asserted here (a busy machine is slow). */
interface Imported {
  result: Result<TraceReport>;
}

async function timedImport(path: string): Promise<Imported> {
  return { result: await readTrace(path) };
}

function report({ result }: Imported): TraceReport {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe.skipIf(!existsSync(tracesDir))('the shared real traces', () => {
  const traces: Record<string, Imported> = {};
  beforeAll(async () => {
    for (const name of [
      'azure-2023/AzureLLMInferenceTrace_conv.csv',
      'azure-2023/AzureLLMInferenceTrace_code.csv',
      'mooncake/conversation_trace.jsonl',
      'mooncake/synthetic_trace.jsonl',
    ]) {
      traces[name] = await timedImport(join(tracesDir, name));
    }
  });
  const trace = (name: string): Imported => traces[name] as Imported;

  // The data README says 19,365 and 8,818 requests; the files hold one more data row each (their last
  // line has no newline, so `wc -l` minus the header undercounts by one). Python's csv module agrees.
  it('imports every one of the 19,366 requests of the Azure conversation trace, about an hour, in order', () => {
    const conv = trace('azure-2023/AzureLLMInferenceTrace_conv.csv');
    const r = report(conv);
    expect(r.format).toBe('azure');
    expect(r.rows).toEqual({ read: 19366, kept: 19366, skipped: 0, filtered: 0 });
    expect(conv.result.ok && conv.result.warnings).toEqual([]);
    expect(r.sortedInFile).toBe(true);
    expect(r.workload.arrivalSeconds.at(-1)).toBeCloseTo(3501.721937, 6);
    expect(r.workload.inputTokens[0]).toBe(374);
  });

  it('imports every one of the 8,819 requests of the Azure code trace', () => {
    const code = trace('azure-2023/AzureLLMInferenceTrace_code.csv');
    expect(report(code).rows).toEqual({ read: 8819, kept: 8819, skipped: 0, filtered: 0 });
    expect(report(code).workload.arrivalSeconds.at(-1)).toBeCloseTo(3435.948056, 6);
  });

  it('imports the Mooncake conversation trace with its 288,500 prefix blocks', () => {
    const conversation = trace('mooncake/conversation_trace.jsonl');
    const r = report(conversation);
    expect(r.format).toBe('mooncake');
    expect(r.rows).toEqual({ read: 12031, kept: 12031, skipped: 0, filtered: 0 });
    expect(r.workload.prefix?.blockIds.length).toBe(288500);
    expect(r.workload.arrivalSeconds.at(-1)).toBe(3536.999);
    // Every request's blocks cover its prompt: ceil(input / 512) blocks.
    const { blockOffsets } = r.workload.prefix ?? { blockOffsets: new Uint32Array() };
    const uncovered = r.workload.inputTokens.filter(
      (tokens, i) => (blockOffsets[i + 1] ?? 0) - (blockOffsets[i] ?? 0) !== Math.ceil(tokens / 512),
    );
    expect(uncovered.length).toBe(0);
  });

  it('imports the Mooncake synthetic trace', () => {
    const synthetic = trace('mooncake/synthetic_trace.jsonl');
    expect(report(synthetic).rows.kept).toBe(3993);
    expect(report(synthetic).workload.prefix?.blockIds.length).toBe(121877);
  });
});
