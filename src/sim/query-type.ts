import type { Workload } from './workload.js';

/**
 * The OASIS paper's query types: a request is short in (S I) when its prompt has at most τ tokens and
 * short out (S O) when it generates at most τ tokens; the paper uses τ = 500.
 */
export const QUERY_TYPES = ['SISO', 'SILO', 'LISO', 'LILO'] as const;
export type QueryType = (typeof QUERY_TYPES)[number];

/** The paper's threshold τ between short and long, tokens. */
export const DEFAULT_QUERY_TYPE_THRESHOLD_TOKENS = 500;

/** Index into QUERY_TYPES: 0 SISO, 1 SILO, 2 LISO, 3 LILO. */
export function queryTypeIndex(inputTokens: number, outputTokens: number, thresholdTokens: number): number {
  return (inputTokens > thresholdTokens ? 2 : 0) + (outputTokens > thresholdTokens ? 1 : 0);
}

/** A workload's requests of each query type, in QUERY_TYPES order (each keeps its arrivals and lengths). */
export function splitByQueryType(w: Workload, thresholdTokens: number): Workload[] {
  const index: number[][] = [[], [], [], []];
  for (let i = 0; i < w.arrivalSeconds.length; i++)
    index[queryTypeIndex(w.inputTokens[i] as number, w.outputTokens[i] as number, thresholdTokens)]?.push(i);
  return index.map((ids, q) => ({
    arrivalSeconds: Float64Array.from(ids, (i) => w.arrivalSeconds[i] as number),
    inputTokens: Uint32Array.from(ids, (i) => w.inputTokens[i] as number),
    outputTokens: Uint32Array.from(ids, (i) => w.outputTokens[i] as number),
    source: `${w.source} (${QUERY_TYPES[q]} only)`,
  }));
}
