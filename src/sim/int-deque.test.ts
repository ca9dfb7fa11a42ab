import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntDeque } from './int-deque.js';

describe('IntDeque', () => {
  it('behaves like an array used from both ends, growing as needed', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('front', 'back', 'pop'), fc.integer())), (ops) => {
        const deque = new IntDeque(2);
        const model: number[] = [];
        for (const [op, value] of ops) {
          if (op === 'front') {
            deque.pushFront(value | 0);
            model.unshift(value | 0);
          } else if (op === 'back') {
            deque.pushBack(value | 0);
            model.push(value | 0);
          } else if (model.length > 0) {
            expect(deque.popFront()).toBe(model.shift());
          }
          expect(deque.size).toBe(model.length);
          if (model.length > 0) expect(deque.peekFront()).toBe(model[0]);
        }
        expect(Array.from({ length: deque.size }, (_, k) => deque.at(k))).toEqual(model);
      }),
    );
  });
});
