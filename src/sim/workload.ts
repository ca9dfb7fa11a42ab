/**
 * Requests in columnar form, sorted by arrival: a million requests are a few typed arrays, not a million
 * objects. Produced by the trace importers (src/adapters/importers/traces) and the synthetic generators
 * (src/sim/synthetic-workload.ts); consumed by the simulator.
 */
export interface Workload {
  /** Arrival time of each request, seconds from the start of the trace, ascending. */
  arrivalSeconds: Float64Array;
  inputTokens: Uint32Array;
  outputTokens: Uint32Array;
  /**
   * Prefix-cache block ids (Mooncake `hash_ids`): request i's blocks are
   * `prefixBlockIds[prefixBlockOffsets[i] .. prefixBlockOffsets[i + 1])`. Absent when the trace has none.
   */
  prefix?: { blockTokens: number; blockOffsets: Uint32Array; blockIds: Uint32Array };
  /** Where it came from (file name and format, or generator and parameters). */
  source: string;
}

/** The mean sequence (prompt + output tokens) of the workload's requests; 0 when it has none. */
export function meanSequenceTokens(w: Workload): number {
  const n = w.inputTokens.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (w.inputTokens[i] as number) + (w.outputTokens[i] as number);
  return n > 0 ? sum / n : 0;
}

/** The longest prompt + output of any request: what one replica's KV cache must hold. */
export function longestSequenceTokens(w: Workload): number {
  let longest = 0;
  for (let i = 0; i < w.inputTokens.length; i++) {
    const tokens = (w.inputTokens[i] as number) + (w.outputTokens[i] as number);
    if (tokens > longest) longest = tokens;
  }
  return longest;
}
