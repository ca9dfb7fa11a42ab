/**
 * A growable double-ended queue of integers in a power-of-two ring buffer: O(1) push and pop at both ends,
 * no allocation once it has grown to its working size. The simulator's waiting and swapped queues.
 */
export class IntDeque {
  private buffer: Int32Array;
  private mask: number;
  private head = 0;
  /** Number of items queued. */
  size = 0;

  constructor(initialCapacity = 16) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity *= 2;
    this.buffer = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  pushBack(value: number): void {
    if (this.size === this.buffer.length) this.grow();
    this.buffer[(this.head + this.size) & this.mask] = value;
    this.size++;
  }

  pushFront(value: number): void {
    if (this.size === this.buffer.length) this.grow();
    this.head = (this.head - 1) & this.mask;
    this.buffer[this.head] = value;
    this.size++;
  }

  /** The front item; the deque must not be empty. */
  peekFront(): number {
    return this.buffer[this.head] as number;
  }

  /** Removes and returns the front item; the deque must not be empty. */
  popFront(): number {
    const value = this.buffer[this.head] as number;
    this.head = (this.head + 1) & this.mask;
    this.size--;
    return value;
  }

  /** The item `offset` places behind the front. */
  at(offset: number): number {
    return this.buffer[(this.head + offset) & this.mask] as number;
  }

  private grow(): void {
    const next = new Int32Array(this.buffer.length * 2);
    for (let k = 0; k < this.size; k++) next[k] = this.buffer[(this.head + k) & this.mask] as number;
    this.buffer = next;
    this.mask = next.length - 1;
    this.head = 0;
  }
}
