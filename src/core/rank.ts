/** What ranking needs of a candidate. */
export interface Rankable {
  costEfficiency: number;
  tokensPerSecond: number;
  priceUsdPerHour: number;
}

function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * The paper's order (section IV-E): higher cost efficiency first; ties go to higher TPS, then to the
 * lower price.
 */
export function compareCandidates(a: Rankable, b: Rankable): number {
  if (!nearlyEqual(a.costEfficiency, b.costEfficiency)) return b.costEfficiency - a.costEfficiency;
  if (!nearlyEqual(a.tokensPerSecond, b.tokensPerSecond)) return b.tokensPerSecond - a.tokensPerSecond;
  return a.priceUsdPerHour - b.priceUsdPerHour;
}
