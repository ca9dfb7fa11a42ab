/**
 * A binary min-heap over the fixed item set 0..n−1 (replicas), keyed by a float (the time of a replica's
 * next event), with ties broken by the lower index so the order of events is deterministic. Every item is
 * always present; an idle replica has key +∞. `update` moves an item after its key changes: O(log n).
 */
export class IndexedMinHeap {
  private readonly keys: Float64Array;
  /** heap[slot] = item */
  private readonly heap: Int32Array;
  /** position[item] = slot */
  private readonly position: Int32Array;

  constructor(size: number) {
    this.keys = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    this.heap = new Int32Array(size);
    this.position = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      this.heap[i] = i;
      this.position[i] = i;
    }
  }

  /** The item with the smallest key (lowest index among equal keys). */
  minItem(): number {
    return this.heap[0] as number;
  }

  minKey(): number {
    return this.keys[this.heap[0] as number] as number;
  }

  keyOf(item: number): number {
    return this.keys[item] as number;
  }

  update(item: number, key: number): void {
    const old = this.keys[item] as number;
    this.keys[item] = key;
    const slot = this.position[item] as number;
    if (key < old) this.siftUp(slot);
    else this.siftDown(slot);
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a] as number;
    const kb = this.keys[b] as number;
    return ka < kb || (ka === kb && a < b);
  }

  private place(slot: number, item: number): void {
    this.heap[slot] = item;
    this.position[item] = slot;
  }

  private siftUp(start: number): void {
    let slot = start;
    const item = this.heap[slot] as number;
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      const parentItem = this.heap[parent] as number;
      if (!this.less(item, parentItem)) break;
      this.place(slot, parentItem);
      slot = parent;
    }
    this.place(slot, item);
  }

  private siftDown(start: number): void {
    const n = this.heap.length;
    let slot = start;
    const item = this.heap[slot] as number;
    for (;;) {
      const left = 2 * slot + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.less(this.heap[right] as number, this.heap[left] as number)) child = right;
      const childItem = this.heap[child] as number;
      if (!this.less(childItem, item)) break;
      this.place(slot, childItem);
      slot = child;
    }
    this.place(slot, item);
  }
}
