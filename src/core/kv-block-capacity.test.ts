import { describe, expect, it } from 'vitest';
import { gemma3_1b, llama31_8b } from './fixtures/models.js';
import { kvBlockCapacity } from './kv-block-capacity.js';
import { activationBytes } from './memory.js';

describe('kvBlockCapacity', () => {
  it('fills what is left after weights and the largest step’s activations with 16-token blocks', () => {
    const c = kvBlockCapacity(llama31_8b, 'bf16', 80e9, 0.9, 1, 8192, 256, 16);
    // a block: 16 tokens × 131,072 B
    expect(c.blockBytesPerGpu).toBe(16 * 131_072);
    const left =
      72e9 -
      8_030_261_248 * 2 -
      activationBytes(llama31_8b, 'bf16', { batchSize: 256, inputTokens: 32, outputTokens: 0 }, 1);
    expect(c.kvBlocks).toBe(Math.floor(left / (16 * 131_072)));
  });

  it('has no blocks when the weights do not fit', () => {
    expect(kvBlockCapacity(llama31_8b, 'bf16', 16e9, 0.9, 1, 2048, 256, 16).kvBlocks).toBe(0);
  });

  it('with sliding-window layers a block carries the bytes per token of the reference sequence: 16 × (4 × 2,048 + 22 × 512) × 1,024 / 2,048 B at 2,048 tokens', () => {
    const c = kvBlockCapacity(gemma3_1b, 'bf16', 24e9, 0.9, 1, 2048, 256, 16, undefined, 2048);
    expect(c.blockBytesPerGpu).toBe((16 * (4 * 2048 + 22 * 512) * 1024) / 2048);
    expect(c.blockBytesPerGpu).toBe(16 * 9.5 * 1024);
    // Below the window every layer holds every token: 26 layers' worth per token.
    expect(
      kvBlockCapacity(gemma3_1b, 'bf16', 24e9, 0.9, 1, 2048, 256, 16, undefined, 400).blockBytesPerGpu,
    ).toBe(16 * 26 * 1024);
  });
});
