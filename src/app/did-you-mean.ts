import { closest, distance } from 'fastest-levenshtein';

/**
 * The known name closest to `input` (case-insensitive edit distance), when it is close enough to be a
 * plausible typo: within a third of the name's length, or a prefix/substring match.
 */
export function didYouMean(input: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = input.toLowerCase();
  const byLower = new Map(known.map((k) => [k.toLowerCase(), k]));
  const exactish = known.find(
    (k) => k.toLowerCase().endsWith(`/${lower}`) || k.toLowerCase().includes(lower),
  );
  if (exactish && lower.length >= 3) return exactish;
  const best = closest(lower, [...byLower.keys()]);
  if (distance(lower, best) <= Math.max(2, Math.floor(best.length / 3))) return byLower.get(best);
  return undefined;
}
