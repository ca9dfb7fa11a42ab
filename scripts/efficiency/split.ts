/**
 * Deterministic train/test split by a stable hash of the shape: a shape is held out when its 32-bit
 * FNV-1a hash is divisible by `TEST_MODULUS` (≈ 1 in 5). The same shape lands on the same side on
 * every run, every machine and every GPU, so no shape is ever both fitted and scored.
 */

export const TEST_MODULUS = 5;

/** 32-bit FNV-1a of the UTF-16 code units of `text`. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function isTestShape(shapeKey: string): boolean {
  return fnv1a32(shapeKey) % TEST_MODULUS === 0;
}

export function splitByShape<T extends { shapeKey: string }>(
  samples: readonly T[],
): { train: T[]; test: T[] } {
  const train: T[] = [];
  const test: T[] = [];
  for (const sample of samples) {
    (isTestShape(sample.shapeKey) ? test : train).push(sample);
  }
  return { train, test };
}
