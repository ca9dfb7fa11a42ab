/**
 * What one engine step (one forward pass of a continuous-batching scheduler) processes, summed over its
 * sequences. Enough to time it without listing the sequences.
 */
export interface StepComposition {
  /** Prompt tokens computed this step (whole prompts, or chunks under chunked prefill). */
  prefillTokens: number;
  /** Sequences with a prompt (chunk) this step. */
  prefillSequences: number;
  /**
   * Σ over prefill chunks of chunkTokens × (tokens already cached + chunkTokens / 2): the attention work
   * of the chunks, in token·token units (a whole prompt of n tokens contributes n²/2).
   */
  prefillAttentionTokenPairs: number;
  /** Sequences generating one token this step. */
  decodeSequences: number;
  /** Σ context length (tokens in the KV cache) over the decoding sequences. */
  decodeContextTokens: number;
  /** KV bytes read back from host memory this step (offloaded KV, swapped-in blocks), per GPU. */
  hostToDeviceBytes: number;
  /** KV bytes written to host memory this step (offload, swap-out), per GPU. */
  deviceToHostBytes: number;
}

export const EMPTY_STEP: StepComposition = {
  prefillTokens: 0,
  prefillSequences: 0,
  prefillAttentionTokenPairs: 0,
  decodeSequences: 0,
  decodeContextTokens: 0,
  hostToDeviceBytes: 0,
  deviceToHostBytes: 0,
};

/** Times one step on one replica (a tensor-parallel group). Pure; implementations may memoise. */
export interface StepTimer {
  stepSeconds(step: StepComposition): number;
}
