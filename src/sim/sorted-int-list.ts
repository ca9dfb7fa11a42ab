/** Small ascending lists of request indices in typed arrays: the running and explicit lists of a replica. */
/** Inserts `value` into the ascending `list[0..count)`; returns the new count. */
export function insertSorted(list: Int32Array, count: number, value: number): number {
  let p = count;
  while (p > 0 && (list[p - 1] as number) > value) {
    list[p] = list[p - 1] as number;
    p--;
  }
  list[p] = value;
  return count + 1;
}

/** Removes `value` (if present) from the ascending `list[0..count)`; returns the new count. */
export function removeSorted(list: Int32Array, count: number, value: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= count || list[lo] !== value) return count;
  list.copyWithin(lo, lo + 1, count);
  return count - 1;
}

/** Sorts `list[0..count)` ascending in place (insertion sort: for the handful finishing in a step). */
export function sortAscending(list: Int32Array, count: number): void {
  for (let k = 1; k < count; k++) {
    const value = list[k] as number;
    let p = k;
    while (p > 0 && (list[p - 1] as number) > value) {
      list[p] = list[p - 1] as number;
      p--;
    }
    list[p] = value;
  }
}
