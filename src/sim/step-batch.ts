import type { StepComposition } from '../core/step-timer.js';
import type { RequestTable } from './request-table.js';

/**
 * The requests a replica schedules one by one in a step (prompt chunks, and decodes outside the lazy
 * set), with the tokens each computes, summed into the step's composition as they are added.
 */
export class StepBatch {
  readonly requests: Int32Array;
  readonly tokens: Int32Array;
  count = 0;

  constructor(
    capacity: number,
    private readonly table: RequestTable,
  ) {
    this.requests = new Int32Array(capacity);
    this.tokens = new Int32Array(capacity);
  }

  /** Empties the batch and zeroes the composition for a new step. */
  start(comp: StepComposition): void {
    this.count = 0;
    comp.prefillTokens = comp.prefillSequences = comp.prefillAttentionTokenPairs = 0;
    comp.decodeSequences = comp.decodeContextTokens = comp.hostToDeviceBytes = comp.deviceToHostBytes = 0;
  }

  /** Adds request i computing `n` tokens: a prompt chunk attending to its cached tokens, or one decode. */
  add(i: number, n: number, comp: StepComposition): void {
    const t = this.table;
    this.requests[this.count] = i;
    this.tokens[this.count] = n;
    this.count++;
    const computed = t.numComputed[i] as number;
    if (computed < (t.prefillTarget[i] as number)) {
      comp.prefillTokens += n;
      comp.prefillSequences++;
      comp.prefillAttentionTokenPairs += n * (computed + n / 2);
    } else {
      comp.decodeSequences++;
      comp.decodeContextTokens += computed + 1;
    }
  }
}
