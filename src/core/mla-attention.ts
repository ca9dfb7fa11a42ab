import type { ModelConfig } from './model-config.js';
import type { OperatorWork } from './operator-time.js';

/**
 * Multi-head latent attention (DeepSeek-V2 paper, section 2.1; DeepSeek-V2/V3, Kimi-K2): queries through
 * a low-rank projection (q_a, normed, q_b), keys and values from one compressed latent of kvLoraRank plus
 * a shared RoPE key (kv_a_proj_with_mqa, normed, kv_b), output o_proj from heads × vHeadDim.
 */
type Mla = NonNullable<ModelConfig['mla']>;

/** Parameters of one MLA block: q (low-rank when qLoraRank > 0, with its norm), kv_a, its norm, kv_b and o. */
export function mlaParameterCount(model: ModelConfig, mla: Mla): number {
  const h = model.hiddenSize;
  const heads = model.numAttentionHeads;
  const qkHeadDim = mla.qkNopeHeadDim + mla.qkRopeHeadDim;
  const q =
    mla.qLoraRank > 0
      ? h * mla.qLoraRank + mla.qLoraRank + mla.qLoraRank * heads * qkHeadDim
      : h * heads * qkHeadDim;
  const kvA = h * (mla.kvLoraRank + mla.qkRopeHeadDim) + mla.kvLoraRank;
  const kvB = mla.kvLoraRank * heads * (mla.qkNopeHeadDim + mla.vHeadDim);
  return q + kvA + kvB + heads * mla.vHeadDim * h;
}

/**
 * The (m, n, k) of one MLA block's projections for `m` tokens on one GPU of `tp` (heads split; the
 * latent's projection kv_a replicated, as vLLM's ReplicatedLinear). kv_b appears once: vLLM's decode
 * absorbs it into the query (W_UK, per head qkNope × kvLoraRank) and the output (W_UV, kvLoraRank ×
 * vHeadDim) and its prefill decompresses K and V with it — the same FLOP and weight bytes either way.
 */
export function mlaGemmShapes(model: ModelConfig, mla: Mla, tp: number, m: number) {
  const h = model.hiddenSize;
  const heads = model.numAttentionHeads / tp;
  const qkHeadDim = mla.qkNopeHeadDim + mla.qkRopeHeadDim;
  const q =
    mla.qLoraRank > 0
      ? [
          { m, n: mla.qLoraRank, k: h, count: 1 },
          { m, n: heads * qkHeadDim, k: mla.qLoraRank, count: 1 },
        ]
      : [{ m, n: heads * qkHeadDim, k: h, count: 1 }];
  return [
    ...q,
    { m, n: mla.kvLoraRank + mla.qkRopeHeadDim, k: h, count: 1 },
    { m, n: heads * (mla.qkNopeHeadDim + mla.vHeadDim), k: mla.kvLoraRank, count: 1 },
    { m, n: h, k: heads * mla.vHeadDim, count: 1 },
  ];
}

/**
 * One MLA layer's attention on one GPU for a step (projections apart). Decode runs absorbed, as vLLM's
 * MLA backends do: every head scores its query against the shared latent and RoPE key (2·(kvLoraRank +
 * qkRope) FLOP per context token) and sums latents (2·kvLoraRank), reading each sequence's latent cache
 * once for all heads, plus q and the latent output per head. Prefill runs on decompressed heads (qk
 * width qkNope + qkRope, v width vHeadDim): 2·(qk + v) FLOP per token pair and head, reading q, k, v and
 * writing o. Plus the write of the new latents.
 */
export function mlaAttentionWork(
  model: ModelConfig,
  mla: Mla,
  tp: number,
  kvBytesPerElement: number,
  activationBytes: number,
  sums:
    | { kind: 'prefill'; tokens: number; tokenPairs: number }
    | { kind: 'decode'; sequences: number; contextTokens: number },
): OperatorWork {
  const heads = model.numAttentionHeads / tp;
  const latent = mla.kvLoraRank + mla.qkRopeHeadDim;
  const qk = mla.qkNopeHeadDim + mla.qkRopeHeadDim;
  if (sums.kind === 'decode') {
    return {
      flop: sums.contextTokens * heads * (2 * latent + 2 * mla.kvLoraRank),
      bytes:
        sums.contextTokens * latent * kvBytesPerElement +
        sums.sequences * heads * (latent + mla.kvLoraRank) * activationBytes +
        sums.sequences * latent * kvBytesPerElement,
      serialBytes: 0,
    };
  }
  return {
    flop: sums.tokenPairs * heads * 2 * (qk + mla.vHeadDim),
    bytes:
      sums.tokens * heads * (2 * qk + 2 * mla.vHeadDim) * activationBytes +
      sums.tokens * latent * kvBytesPerElement,
    serialBytes: 0,
  };
}
