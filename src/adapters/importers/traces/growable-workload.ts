import type { Workload } from '../../../sim/workload.js';

const INITIAL_ROWS = 1024;

/**
 * A workload being read: typed-array columns that double when full, so a million rows cost a few arrays
 * and about twenty reallocations, never a million objects. Rows may come in any order; `finish` sorts them.
 */
export class GrowableWorkload {
  private arrivalSeconds = new Float64Array(INITIAL_ROWS);
  private inputTokens = new Uint32Array(INITIAL_ROWS);
  private outputTokens = new Uint32Array(INITIAL_ROWS);
  /** Prefix blocks, created at the first row that has any: row i's are ids[offsets[i] .. offsets[i + 1]). */
  private blockOffsets: Uint32Array | undefined;
  private blockIds: Uint32Array | undefined;
  private blockCount = 0;
  private lastArrivalSeconds = Number.NEGATIVE_INFINITY;
  /** Rows so far. */
  size = 0;
  /** Rows that arrived before the row read just before them. */
  outOfOrder = 0;

  /** Appends a row; `blockIds` are its prefix-cache block ids, if the trace has them. */
  push(
    arrivalSeconds: number,
    inputTokens: number,
    outputTokens: number,
    blockIds?: ArrayLike<number>,
  ): void {
    if (this.size === this.arrivalSeconds.length) this.growRows();
    const row = this.size;
    this.arrivalSeconds[row] = arrivalSeconds;
    this.inputTokens[row] = inputTokens;
    this.outputTokens[row] = outputTokens;
    if (arrivalSeconds < this.lastArrivalSeconds) this.outOfOrder++;
    this.lastArrivalSeconds = arrivalSeconds;
    if (blockIds !== undefined && blockIds.length > 0 && this.blockOffsets === undefined) {
      this.blockOffsets = new Uint32Array(this.arrivalSeconds.length + 1);
      this.blockIds = new Uint32Array(Math.max(INITIAL_ROWS, blockIds.length));
    }
    if (this.blockOffsets !== undefined) {
      const count = blockIds?.length ?? 0;
      if (count > 0 && blockIds !== undefined) {
        const ids = this.idsWithRoomFor(this.blockCount + count);
        for (let k = 0; k < count; k++) ids[this.blockCount + k] = blockIds[k] ?? 0;
        this.blockCount += count;
      }
      this.blockOffsets[row + 1] = this.blockCount;
    }
    this.size++;
  }

  /**
   * The workload, sorted by arrival (stably: rows with equal times keep their file order) and with times
   * measured from the first request. The builder must not be used afterwards.
   */
  finish(source: string, blockTokens: number): Workload {
    const n = this.size;
    let arrivalSeconds = this.arrivalSeconds.slice(0, n);
    let inputTokens = this.inputTokens.slice(0, n);
    let outputTokens = this.outputTokens.slice(0, n);
    let blockOffsets: Uint32Array | undefined = this.blockOffsets?.slice(0, n + 1);
    let blockIds: Uint32Array | undefined = this.blockIds?.slice(0, this.blockCount);
    if (this.outOfOrder > 0) {
      const times = arrivalSeconds;
      const order = new Uint32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort((a, b) => (times[a] ?? 0) - (times[b] ?? 0) || a - b);
      arrivalSeconds = permute(arrivalSeconds, order);
      inputTokens = permute(inputTokens, order);
      outputTokens = permute(outputTokens, order);
      if (blockOffsets !== undefined && blockIds !== undefined) {
        [blockOffsets, blockIds] = permuteBlocks(blockOffsets, blockIds, order);
      }
    }
    const originSeconds = arrivalSeconds[0] ?? 0;
    if (originSeconds !== 0)
      for (let i = 0; i < n; i++) arrivalSeconds[i] = (arrivalSeconds[i] ?? 0) - originSeconds;
    const workload: Workload = { arrivalSeconds, inputTokens, outputTokens, source };
    if (blockOffsets !== undefined && blockIds !== undefined)
      workload.prefix = { blockTokens, blockOffsets, blockIds };
    return workload;
  }

  private growRows(): void {
    const capacity = this.arrivalSeconds.length * 2;
    this.arrivalSeconds = grown(this.arrivalSeconds, new Float64Array(capacity));
    this.inputTokens = grown(this.inputTokens, new Uint32Array(capacity));
    this.outputTokens = grown(this.outputTokens, new Uint32Array(capacity));
    if (this.blockOffsets !== undefined)
      this.blockOffsets = grown(this.blockOffsets, new Uint32Array(capacity + 1));
  }

  private idsWithRoomFor(count: number): Uint32Array {
    let ids = this.blockIds ?? new Uint32Array(INITIAL_ROWS);
    if (count > ids.length) {
      let capacity = ids.length * 2;
      while (capacity < count) capacity *= 2;
      ids = grown(ids, new Uint32Array(capacity));
    }
    this.blockIds = ids;
    return ids;
  }
}

function grown<T extends Float64Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function permute<T extends Float64Array | Uint32Array>(column: T, order: Uint32Array): T {
  const out = column.slice() as T;
  for (let i = 0; i < order.length; i++) out[i] = column[order[i] ?? 0] ?? 0;
  return out;
}

function permuteBlocks(
  offsets: Uint32Array,
  ids: Uint32Array,
  order: Uint32Array,
): [blockOffsets: Uint32Array, blockIds: Uint32Array] {
  const newOffsets = new Uint32Array(offsets.length);
  const newIds = new Uint32Array(ids.length);
  let cursor = 0;
  for (let i = 0; i < order.length; i++) {
    const row = order[i] ?? 0;
    const from = offsets[row] ?? 0;
    const to = offsets[row + 1] ?? from;
    newIds.set(ids.subarray(from, to), cursor);
    cursor += to - from;
    newOffsets[i + 1] = cursor;
  }
  return [newOffsets, newIds];
}
