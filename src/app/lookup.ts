import { fail, ok, type Result } from '../core/issue.js';
import { didYouMean } from './did-you-mean.js';

/**
 * Finds `value` among items by id: exact, then case-insensitive, then a unique match of the part after
 * the organisation (`opt-2.7b` → `facebook/opt-2.7b`). Otherwise an issue with a did-you-mean.
 */
export function lookupById<T extends { id: string }>(
  items: readonly T[],
  value: string,
  code: string,
  path: string,
): Result<T> {
  const exact = items.find((i) => i.id === value);
  if (exact) return ok(exact);
  const lower = value.toLowerCase();
  const folded = items.filter((i) => i.id.toLowerCase() === lower);
  if (folded.length === 1 && folded[0]) return ok(folded[0]);
  const byName = items.filter((i) => i.id.toLowerCase().split('/').pop() === lower);
  if (byName.length === 1 && byName[0]) return ok(byName[0]);
  const suggestion = didYouMean(
    value,
    items.map((i) => i.id),
  );
  return fail({ code, path, details: suggestion ? { value, suggestion } : { value } });
}
