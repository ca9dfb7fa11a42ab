import { queryTypeIndex } from './query-type.js';
import type { Workload } from './workload.js';

/**
 * Per-request simulator state as parallel typed arrays (struct of arrays), indexed like the workload.
 *
 * Token accounting follows vLLM v1. `numComputed` counts tokens whose KV is in the cache. While
 * `numComputed < prefillTarget` the request is prefilling (its prompt, or after a recompute preemption its
 * prompt + the tokens generated so far) and has `prefillTarget` tokens; afterwards it is decoding and has
 * `numComputed + 1` tokens. A step that computes all of its tokens samples the next one, so the last token
 * comes out when `numComputed` reaches `lastComputed` = input + output − 1, and the first when the first
 * prefill completes.
 */
export class RequestTable {
  readonly count: number;
  readonly inputTokens: Int32Array;
  /** Output tokens to generate (at least 1). */
  readonly outputTokens: Int32Array;
  readonly queryType: Uint8Array;
  readonly numComputed: Int32Array;
  /** Tokens the current admission must prefill: the prompt, or prompt + generated after a recompute. */
  readonly prefillTarget: Int32Array;
  /** `numComputed` when the last output token is sampled: input + output − 1. */
  readonly lastComputed: Int32Array;
  /** KV blocks backing the request (on the GPU, or on the host while swapped out), shared ones included. */
  readonly blocks: Int32Array;
  /** Of `blocks`, those in prefix-cache entries (shared, reference-counted). */
  readonly sharedBlocks: Int32Array;
  /** Prefix groups held: groups 0..heldGroups−1 of the request are cache entries it references. */
  readonly heldGroups: Int32Array;
  /** Lazy decoding (see lazy-decoders.ts): numComputed = anchor + step, and the key of the next event (−1: not lazy). */
  readonly anchor: Int32Array;
  readonly lazyKey: Float64Array;
  readonly arrivalSeconds: Float64Array;
  readonly admittedSeconds: Float64Array;
  readonly firstTokenSeconds: Float64Array;
  readonly finishSeconds: Float64Array;
  readonly replica: Int32Array;
  readonly outcome: Uint8Array;
  readonly rejectionReason: Int8Array;
  readonly preemptions: Uint32Array;
  readonly prefixHitTokens: Float64Array;
  /** Prefix cache layout (absent when caching is off or the workload has no prefix ids). */
  readonly prefix:
    | {
        /** Tokens per prefix (hash) block. */
        blockTokens: number;
        offsets: Uint32Array;
        /** Prefix ids renumbered 0..distinct−1 in order of first appearance. */
        ids: Int32Array;
        distinct: number;
        /** Cacheable groups per request: full hash blocks of the prompt. */
        groups: Int32Array;
      }
    | undefined;

  constructor(workload: Workload, thresholdTokens: number, prefixCaching: boolean) {
    const n = workload.arrivalSeconds.length;
    if (workload.inputTokens.length !== n || workload.outputTokens.length !== n)
      throw new Error('workload columns differ in length');
    this.count = n;
    this.inputTokens = new Int32Array(n);
    this.outputTokens = new Int32Array(n);
    this.queryType = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const input = workload.inputTokens[i] as number;
      const output = workload.outputTokens[i] as number;
      this.inputTokens[i] = Math.max(1, input);
      this.outputTokens[i] = Math.max(1, output);
      this.queryType[i] = queryTypeIndex(input, output, thresholdTokens);
    }
    this.numComputed = new Int32Array(n);
    this.prefillTarget = Int32Array.from(this.inputTokens);
    this.lastComputed = new Int32Array(n);
    for (let i = 0; i < n; i++)
      this.lastComputed[i] = (this.inputTokens[i] as number) + (this.outputTokens[i] as number) - 1;
    this.blocks = new Int32Array(n);
    this.sharedBlocks = new Int32Array(n);
    this.heldGroups = new Int32Array(n);
    this.anchor = new Int32Array(n);
    this.lazyKey = new Float64Array(n).fill(-1);
    this.arrivalSeconds = Float64Array.from(workload.arrivalSeconds);
    this.admittedSeconds = new Float64Array(n).fill(Number.NaN);
    this.firstTokenSeconds = new Float64Array(n).fill(Number.NaN);
    this.finishSeconds = new Float64Array(n).fill(Number.NaN);
    this.replica = new Int32Array(n).fill(-1);
    this.outcome = new Uint8Array(n);
    this.rejectionReason = new Int8Array(n).fill(-1);
    this.preemptions = new Uint32Array(n);
    this.prefixHitTokens = new Float64Array(n);
    this.prefix = prefixCaching && workload.prefix ? this.prefixLayout(workload.prefix) : undefined;
  }

  private prefixLayout(p: NonNullable<Workload['prefix']>): RequestTable['prefix'] {
    if (p.blockOffsets.length !== this.count + 1)
      throw new Error('prefix offsets must have count + 1 entries');
    if (!(p.blockTokens >= 1)) throw new Error('prefix blockTokens must be at least 1');
    const dense = new Map<number, number>();
    const ids = new Int32Array(p.blockIds.length);
    for (let k = 0; k < ids.length; k++) {
      const raw = p.blockIds[k] as number;
      let id = dense.get(raw);
      if (id === undefined) {
        id = dense.size;
        dense.set(raw, id);
      }
      ids[k] = id;
    }
    const groups = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) {
      const listed = (p.blockOffsets[i + 1] as number) - (p.blockOffsets[i] as number);
      groups[i] = Math.min(listed, Math.floor((this.inputTokens[i] as number) / p.blockTokens));
    }
    return { blockTokens: p.blockTokens, offsets: p.blockOffsets, ids, distinct: dense.size, groups };
  }
}
