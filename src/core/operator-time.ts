/** The work one GPU kernel does: floating-point operations and bytes moved to or from HBM. */
export interface OperatorWork {
  flop: number;
  bytes: number;
}

/**
 * What fraction of peak a kernel class reaches, and its fixed cost. Fitted per GPU from measured
 * per-operator tables (see scripts/fit-efficiency.ts and docs/efficiency-fit.md), never guessed.
 */
export interface OperatorEfficiency {
  /** Achieved / peak FLOP/s when compute bound (0–1]. */
  computeEfficiency: number;
  /** Achieved / peak HBM bytes/s when memory bound (0–1]. */
  memoryEfficiency: number;
  /** Launch and latency cost per kernel, seconds. */
  fixedSeconds: number;
}

/**
 * Roofline time of one operator: max(FLOP / achievable FLOP/s, bytes / achievable bytes/s) + fixed cost.
 */
export function operatorSeconds(
  work: OperatorWork,
  peakFlopPerSecond: number,
  hbmBytesPerSecond: number,
  efficiency: OperatorEfficiency,
): { seconds: number; bound: 'compute' | 'memory' } {
  const computeSeconds = work.flop / (peakFlopPerSecond * efficiency.computeEfficiency);
  const memorySeconds = work.bytes / (hbmBytesPerSecond * efficiency.memoryEfficiency);
  const bound = computeSeconds >= memorySeconds ? 'compute' : 'memory';
  return { seconds: Math.max(computeSeconds, memorySeconds) + efficiency.fixedSeconds, bound };
}
