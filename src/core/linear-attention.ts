import type { ModelConfig } from './model-config.js';
import type { OperatorWork } from './operator-time.js';

/**
 * Gated DeltaNet linear attention (Qwen3.5, Qwen3-Next): each head keeps a `valueHeadDim × keyHeadDim`
 * recurrent state per sequence instead of a KV cache — Yang, Kautz and Hatamizadeh, "Gated Delta
 * Networks: Improving Mamba2 with Delta Rule" (ICLR 2025): Sₜ = αₜ Sₜ₋₁ (I − βₜ kₜ kₜᵀ) + βₜ vₜ kₜᵀ,
 * oₜ = Sₜ qₜ, after a short causal convolution over q, k and v.
 */
type LinearAttention = NonNullable<ModelConfig['linearAttention']>;

/** Channels of the short convolution: q and k (key heads × key dim each) and v (value heads × value dim). */
function convChannels(la: LinearAttention): number {
  return 2 * la.keyHeads * la.keyHeadDim + la.valueHeads * la.valueHeadDim;
}

/**
 * Bytes of one sequence's state in one linear-attention layer on one GPU of `tp`, as vLLM allocates it
 * (`MambaStateShapeCalculator.gated_delta_net_state_shape`, vllm/model_executor/layers/mamba/mamba_utils.py):
 * a conv state of convChannels/tp × (kernel − 1) in the model's dtype and a temporal state of
 * valueHeads/tp × valueHeadDim × keyHeadDim in the config's `mamba_ssm_dtype` (vllm/model_executor/models/
 * qwen3_5.py, `get_mamba_state_dtype_from_config`).
 */
export function linearAttentionStateBytesPerLayerPerGpu(model: ModelConfig, tp: number): number {
  const la = model.linearAttention;
  if (!la) return 0;
  const modelBytes = model.torchDtype === 'fp32' ? 4 : 2;
  const conv = (convChannels(la) / tp) * (la.convKernel - 1) * modelBytes;
  const temporal = (la.valueHeads / tp) * la.valueHeadDim * la.keyHeadDim * la.stateBytesPerElement;
  return conv + temporal;
}

/**
 * Parameters of one linear-attention layer's token mixer (Qwen3-Next's Qwen3NextGatedDeltaNet in
 * transformers): in_proj_qkvz (h × (2·nk·dk + 2·nv·dv)), in_proj_ba (h × 2·nv), the depthwise conv
 * (convChannels × kernel), dt_bias and A_log (nv each), the gated RMSNorm (dv) and out_proj (nv·dv × h).
 */
export function linearAttentionParameterCount(model: ModelConfig): number {
  const la = model.linearAttention;
  if (!la) return 0;
  const h = model.hiddenSize;
  const k = la.keyHeads * la.keyHeadDim;
  const v = la.valueHeads * la.valueHeadDim;
  return (
    h * (2 * k + 2 * v) +
    h * 2 * la.valueHeads +
    convChannels(la) * la.convKernel +
    2 * la.valueHeads +
    la.valueHeadDim +
    v * h
  );
}

/** The (m, n, k) of one linear-attention layer's projections for `m` tokens on one GPU of `tp`. */
export function linearAttentionGemmShapes(model: ModelConfig, tp: number, m: number) {
  const la = model.linearAttention;
  if (!la) return [];
  const h = model.hiddenSize;
  const k = la.keyHeads * la.keyHeadDim;
  const v = la.valueHeads * la.valueHeadDim;
  return [
    { m, n: (2 * k + 2 * v + 2 * la.valueHeads) / tp, k: h },
    { m, n: h, k: v / tp },
  ];
}

/**
 * Chunk length of the chunkwise-parallel gated delta rule in prefill: flash-linear-attention's
 * `chunk_gated_delta_rule` (which vLLM runs, vllm/model_executor/layers/fla) works in chunks of 64 tokens.
 */
export const DELTA_RULE_CHUNK_TOKENS = 64;

/**
 * One linear-attention layer's mixing work on one GPU for a step (the projections are GEMMs, apart).
 * Per value head and token the recurrence does three matrix–vector products with the dk × dv state
 * (kᵀS, the rank-1 update, qᵀS): 6·dk·dv FLOP. Decode reads and writes every sequence's state (conv and
 * temporal) and its q, k, v, o; prefill, chunkwise (Yang et al., "Parallelizing Linear Transformers with
 * the Delta Rule over Sequence Length", NeurIPS 2024), adds intra-chunk attention of 2·C·(dk + dv) FLOP
 * per head and token over chunks of C = 64, reads q, k, v and writes o (the final state's write, once per
 * sequence, is left out: the step's sums do not count sequences).
 */
export function linearAttentionWork(
  model: ModelConfig,
  tp: number,
  activationBytes: number,
  step: { kind: 'prefill'; tokens: number } | { kind: 'decode'; sequences: number },
): OperatorWork {
  const la = model.linearAttention;
  if (!la) return { flop: 0, bytes: 0, serialBytes: 0 };
  const heads = la.valueHeads / tp;
  const perTokenFlop = heads * 6 * la.keyHeadDim * la.valueHeadDim;
  const qkvo =
    ((2 * la.keyHeads * la.keyHeadDim + 2 * la.valueHeads * la.valueHeadDim) / tp) * activationBytes;
  if (step.kind === 'decode') {
    return {
      flop: step.sequences * perTokenFlop,
      bytes: step.sequences * (2 * linearAttentionStateBytesPerLayerPerGpu(model, tp) + qkvo),
      serialBytes: 0,
    };
  }
  const chunkFlop = heads * 2 * DELTA_RULE_CHUNK_TOKENS * (la.keyHeadDim + la.valueHeadDim);
  return { flop: step.tokens * (perTokenFlop + chunkFlop), bytes: step.tokens * qkvo, serialBytes: 0 };
}
