import type { RequestTable } from './request-table.js';

/**
 * How a replica decides that a waiting request may enter its KV cache.
 *
 * - `first-chunk`: enough free blocks for the first prompt chunk only. Under chunked prefill this admits
 *   requests whose prompts cannot all fit, and long prompts then preempt each other over and over (the
 *   storm: 74,861 recompute preemptions for 3,072 requests of 20,000 + 2,000 tokens on one H100). vLLM
 *   behaves so with `--no-scheduler-reserve-full-isl`.
 * - `full-prompt`: vLLM's default (v1 scheduler, `scheduler_reserve_full_isl = True`): a waiting or
 *   preempted request is admitted only when the free blocks hold its whole current sequence (the prompt;
 *   for a recomputed request, prompt + tokens generated so far), less its prefix-cache hits, plus the
 *   `watermark` share of all blocks when another request is already scheduled (vLLM's default watermark
 *   is 0). Output tokens are not reserved: decodes still grow into the free blocks and a decode that finds
 *   none preempts the newest request, which comes back only when its whole sequence fits again.
 *   Source: vllm-project/vllm, vllm/v1/core/kv_cache_manager.py (commit 003df2961dd8),
 *   `KVCacheManager.allocate_slots(full_sequence_must_fit=…)` — "an admission gate to prevent
 *   over-admitting requests when chunked prefill would otherwise only check the first chunk" — and its
 *   `watermark` ("minimum number of KV cache blocks to keep free when admitting waiting/preempted
 *   requests, to avoid frequent preemptions", applied only when a request is already scheduled).
 *   Modelling choice: blocks still owed to prompts admitted earlier but not yet fully computed count as
 *   taken, so two prompts are never admitted on the same free blocks.
 */
export type KvAdmission = { kind: 'first-chunk' } | { kind: 'full-prompt'; watermarkFraction: number };

/** vLLM's default admission: the whole prompt must fit, no watermark. */
export const VLLM_ADMISSION: KvAdmission = { kind: 'full-prompt', watermarkFraction: 0 };

/** The free-block test one replica applies before admitting a waiting request. */
export class KvAdmissionGate {
  private readonly admission: KvAdmission;
  private readonly blockTokens: number;
  private readonly watermarkBlocks: number;

  /** The gate of a replica's `admission` (absent: `first-chunk`). */
  constructor(config: { admission?: KvAdmission; blockTokens: number; kvBlocks: number }) {
    this.admission = config.admission ?? { kind: 'first-chunk' };
    this.blockTokens = config.blockTokens;
    this.watermarkBlocks =
      this.admission.kind === 'full-prompt'
        ? Math.floor(this.admission.watermarkFraction * config.kvBlocks)
        : 0;
  }

  /** Blocks the running requests still need to finish their prompts (admitted, not yet computed). */
  owedBlocks(explicit: Int32Array, explicitCount: number, t: RequestTable): number {
    if (this.admission.kind === 'first-chunk') return 0;
    let owed = 0;
    for (let e = 0; e < explicitCount; e++) {
      const i = explicit[e] as number;
      owed += Math.max(0, this.blocksFor(t.prefillTarget[i] as number) - (t.blocks[i] as number));
    }
    return owed;
  }

  /**
   * Free blocks a request needs before it may be admitted: its first chunk's `chunkBlocks`
   * (`first-chunk`), or its whole sequence less its prefix hits, plus the prompts still owed and the
   * watermark when another request is scheduled (`full-prompt`).
   */
  requiredBlocks(
    chunkBlocks: number,
    sequenceTokens: number,
    hitBlocks: number,
    owed: number,
    othersScheduled: boolean,
  ): number {
    if (this.admission.kind === 'first-chunk') return chunkBlocks;
    const whole = Math.max(chunkBlocks, this.blocksFor(sequenceTokens) - hitBlocks);
    return whole + owed + (othersScheduled ? this.watermarkBlocks : 0);
  }

  /** What an admitted request still owes once it holds `heldBlocks` (0 under `first-chunk`). */
  owedAfterAdmission(sequenceTokens: number, heldBlocks: number): number {
    if (this.admission.kind === 'first-chunk') return 0;
    return Math.max(0, this.blocksFor(sequenceTokens) - heldBlocks);
  }

  private blocksFor(tokens: number): number {
    return Math.ceil(tokens / this.blockTokens);
  }
}
