"""Reads a Hugging Face config.json into the few numbers that fix a decoder's shapes."""

from __future__ import annotations

from dataclasses import dataclass

LLAMA_LIKE = {"llama", "mistral", "qwen2", "qwen3"}
OPT = {"opt"}
MOE_KEYS = ("num_local_experts", "num_experts", "n_routed_experts", "moe_intermediate_size")


class ConfigError(ValueError):
    """The config cannot be turned into a decoder this harness builds."""


@dataclass(frozen=True)
class ModelSpec:
    family: str  # "llama" (RMSNorm, RoPE, GQA, gated MLP) or "opt" (LayerNorm, learned positions)
    model_type: str
    vocab_size: int
    hidden_size: int
    num_layers: int
    num_heads: int
    num_kv_heads: int
    head_dim: int
    intermediate_size: int
    hidden_act: str
    qkv_bias: bool
    o_bias: bool
    mlp_bias: bool
    qk_norm: bool
    tie_embeddings: bool
    norm_eps: float
    rope_theta: float
    max_positions: int
    embed_dim: int  # OPT's word_embed_proj_dim; the hidden size elsewhere
    pre_norm: bool
    final_norm: bool

    @staticmethod
    def from_config(cfg: dict) -> "ModelSpec":
        model_type = str(cfg.get("model_type", "")).lower()
        if any(cfg.get(k) for k in MOE_KEYS) or "moe" in model_type or model_type == "mixtral":
            raise ConfigError(f"mixture-of-experts models ({model_type or 'unknown'}) are not supported yet")
        if model_type in LLAMA_LIKE:
            return _llama(cfg, model_type)
        if model_type in OPT:
            return _opt(cfg)
        supported = ", ".join(sorted(LLAMA_LIKE | OPT))
        raise ConfigError(f"model_type {model_type!r} is not supported (supported: {supported})")

    def parameter_count(self) -> int:
        """Parameters of the built decoder, by formula (embeddings counted once when tied)."""
        h, e, v = self.hidden_size, self.embed_dim, self.vocab_size
        q, kv = self.num_heads * self.head_dim, self.num_kv_heads * self.head_dim
        attn = h * q + 2 * h * kv + q * h
        attn += (q + 2 * kv if self.qkv_bias else 0) + (h if self.o_bias else 0)
        attn += 2 * self.head_dim if self.qk_norm else 0
        if self.family == "llama":
            mlp = 3 * h * self.intermediate_size + (2 * self.intermediate_size + h if self.mlp_bias else 0)
            norms, final = 2 * h, h
            extra = 0
        else:
            mlp = 2 * h * self.intermediate_size + (self.intermediate_size + h if self.mlp_bias else 0)
            norms, final = 4 * h, 2 * h
            extra = (self.max_positions + 2) * h + (2 * e * h if e != h else 0)
        total = v * e + extra + self.num_layers * (attn + mlp + norms)
        total += final if self.final_norm else 0
        return total + (0 if self.tie_embeddings else v * e)


def _req(cfg: dict, key: str) -> int:
    if not isinstance(cfg.get(key), int) or cfg[key] <= 0:
        raise ConfigError(f"config.json needs a positive integer {key!r}")
    return cfg[key]


def _llama(cfg: dict, model_type: str) -> ModelSpec:
    hidden, heads = _req(cfg, "hidden_size"), _req(cfg, "num_attention_heads")
    kv_heads = cfg.get("num_key_value_heads") or heads
    if heads % kv_heads:
        raise ConfigError(f"num_attention_heads {heads} is not a multiple of num_key_value_heads {kv_heads}")
    attention_bias = bool(cfg.get("attention_bias", False))
    return ModelSpec(
        family="llama",
        model_type=model_type,
        vocab_size=_req(cfg, "vocab_size"),
        hidden_size=hidden,
        num_layers=_req(cfg, "num_hidden_layers"),
        num_heads=heads,
        num_kv_heads=kv_heads,
        head_dim=cfg.get("head_dim") or hidden // heads,
        intermediate_size=_req(cfg, "intermediate_size"),
        hidden_act=cfg.get("hidden_act", "silu"),
        qkv_bias=model_type == "qwen2" or attention_bias,
        o_bias=model_type in ("llama", "qwen3") and attention_bias,
        mlp_bias=bool(cfg.get("mlp_bias", False)),
        qk_norm=model_type == "qwen3",
        tie_embeddings=bool(cfg.get("tie_word_embeddings", False)),
        norm_eps=float(cfg.get("rms_norm_eps", 1e-6)),
        rope_theta=float(cfg.get("rope_theta", 10000.0)),
        max_positions=int(cfg.get("max_position_embeddings", 4096)),
        embed_dim=hidden,
        pre_norm=True,
        final_norm=True,
    )


def _opt(cfg: dict) -> ModelSpec:
    hidden, heads = _req(cfg, "hidden_size"), _req(cfg, "num_attention_heads")
    bias = bool(cfg.get("enable_bias", True))
    pre_norm = bool(cfg.get("do_layer_norm_before", True))
    return ModelSpec(
        family="opt",
        model_type="opt",
        vocab_size=_req(cfg, "vocab_size"),
        hidden_size=hidden,
        num_layers=_req(cfg, "num_hidden_layers"),
        num_heads=heads,
        num_kv_heads=heads,
        head_dim=hidden // heads,
        intermediate_size=_req(cfg, "ffn_dim"),
        hidden_act=cfg.get("activation_function", "relu"),
        qkv_bias=bias,
        o_bias=bias,
        mlp_bias=bias,
        qk_norm=False,
        tie_embeddings=bool(cfg.get("tie_word_embeddings", True)),
        norm_eps=1e-5,
        rope_theta=0.0,
        max_positions=_req(cfg, "max_position_embeddings"),
        embed_dim=cfg.get("word_embed_proj_dim") or hidden,
        pre_norm=pre_norm,
        final_norm=pre_norm and not cfg.get("_remove_final_layer_norm", False),
    )
