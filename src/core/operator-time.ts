/** The work one GPU kernel does: floating-point operations and bytes moved to or from HBM. */
export interface OperatorWork {
  flop: number;
  bytes: number;
  /**
   * Bytes a separate memory-bound pass moves before the kernel can start (the activation quantization
   * of FP8/FP4 GEMMs): added to the roofline time at the same HBM efficiency, not overlapped.
   */
  serialBytes: number;
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
 * Roofline time of one operator: max(FLOP / achievable FLOP/s, bytes / achievable bytes/s), plus its
 * serial pass (serialBytes / achievable bytes/s), plus the fixed cost.
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
  const serialSeconds = work.serialBytes
    ? work.serialBytes / (hbmBytesPerSecond * efficiency.memoryEfficiency)
    : 0;
  return {
    seconds: Math.max(computeSeconds, memorySeconds) + serialSeconds + efficiency.fixedSeconds,
    bound,
  };
}
