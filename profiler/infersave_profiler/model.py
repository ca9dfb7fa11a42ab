"""A decoder with the exact shapes of a ModelSpec, random weights, and a per-layer KV cache."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .config import ModelSpec
from .kv import KVSlot

ACTIVATIONS = {"silu": F.silu, "swish": F.silu, "relu": F.relu, "gelu": F.gelu}
HAS_SDPA = hasattr(F, "scaled_dot_product_attention")


def _act(name: str):
    if name.startswith("gelu"):
        return lambda x: F.gelu(x, approximate="tanh") if "tanh" in name else F.gelu(x)
    if name not in ACTIVATIONS:
        raise ValueError(f"activation {name!r} is not supported")
    return ACTIVATIONS[name]


def attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool) -> torch.Tensor:
    """q: [B, H, T, D]; k, v: [B, KVH, S, D] with the T queries at the end of the S keys."""
    groups = q.shape[1] // k.shape[1]
    if HAS_SDPA:
        if groups > 1:
            try:
                return F.scaled_dot_product_attention(q, k, v, is_causal=causal, enable_gqa=True)
            except TypeError:  # torch < 2.5: no enable_gqa
                pass
        else:
            return F.scaled_dot_product_attention(q, k, v, is_causal=causal)
    if groups > 1:
        k = k.repeat_interleave(groups, dim=1)
        v = v.repeat_interleave(groups, dim=1)
    if HAS_SDPA:
        return F.scaled_dot_product_attention(q, k, v, is_causal=causal)
    scores = (q @ k.transpose(-1, -2)) * q.shape[-1] ** -0.5
    if causal:
        t, s = q.shape[-2], k.shape[-2]
        mask = torch.ones(t, s, dtype=torch.bool, device=q.device).triu(s - t + 1)
        scores = scores.masked_fill(mask, float("-inf"))
    return scores.softmax(dim=-1, dtype=torch.float32).to(q.dtype) @ v


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float, **kw):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim, **kw))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        xf = x.float()
        return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)).to(x.dtype) * self.weight


def rope_tables(spec: ModelSpec, positions: torch.Tensor, dtype: torch.dtype):
    """cos, sin of shape [T, head_dim] for the given positions (None for learned-position models)."""
    if spec.family != "llama":
        return None
    d = spec.head_dim
    inv = 1.0 / spec.rope_theta ** (torch.arange(0, d, 2, device=positions.device).float() / d)
    ang = positions.float()[:, None] * inv[None, :]
    ang = torch.cat([ang, ang], dim=-1)
    return ang.cos().to(dtype), ang.sin().to(dtype)


def _rotate(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    half = x.shape[-1] // 2
    rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
    return x * cos + rotated * sin


class Attention(nn.Module):
    def __init__(self, spec: ModelSpec, **kw):
        super().__init__()
        h, q, kv = spec.hidden_size, spec.num_heads * spec.head_dim, spec.num_kv_heads * spec.head_dim
        self.spec = spec
        self.q_proj = nn.Linear(h, q, bias=spec.qkv_bias, **kw)
        self.k_proj = nn.Linear(h, kv, bias=spec.qkv_bias, **kw)
        self.v_proj = nn.Linear(h, kv, bias=spec.qkv_bias, **kw)
        self.o_proj = nn.Linear(q, h, bias=spec.o_bias, **kw)
        self.q_norm = RMSNorm(spec.head_dim, spec.norm_eps, **kw) if spec.qk_norm else None
        self.k_norm = RMSNorm(spec.head_dim, spec.norm_eps, **kw) if spec.qk_norm else None

    def forward(self, x: torch.Tensor, rope, kv: KVSlot, start: int) -> torch.Tensor:
        b, t, _ = x.shape
        s = self.spec
        q = self.q_proj(x).view(b, t, s.num_heads, s.head_dim)
        k = self.k_proj(x).view(b, t, s.num_kv_heads, s.head_dim)
        v = self.v_proj(x).view(b, t, s.num_kv_heads, s.head_dim)
        if self.q_norm is not None:
            q, k = self.q_norm(q), self.k_norm(k)
        q, k, v = q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2)
        if rope is not None:
            q, k = _rotate(q, *rope), _rotate(k, *rope)
        keys, values = kv.update(k, v, start)
        out = attention(q, keys, values, causal=t > 1)
        return self.o_proj(out.transpose(1, 2).reshape(b, t, -1))


class MLP(nn.Module):
    def __init__(self, spec: ModelSpec, **kw):
        super().__init__()
        h, i, bias = spec.hidden_size, spec.intermediate_size, spec.mlp_bias
        self.act = _act(spec.hidden_act)
        self.gated = spec.family == "llama"
        self.gate_proj = nn.Linear(h, i, bias=bias, **kw) if self.gated else None
        self.up_proj = nn.Linear(h, i, bias=bias, **kw)
        self.down_proj = nn.Linear(i, h, bias=bias, **kw)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        up = self.up_proj(x)
        return self.down_proj(self.act(self.gate_proj(x)) * up if self.gated else self.act(up))


class Layer(nn.Module):
    def __init__(self, spec: ModelSpec, **kw):
        super().__init__()
        norm = (lambda: RMSNorm(spec.hidden_size, spec.norm_eps, **kw)) if spec.family == "llama" else (
            lambda: nn.LayerNorm(spec.hidden_size, eps=spec.norm_eps, **kw)
        )
        self.pre_norm = spec.pre_norm
        self.attn_norm, self.attn = norm(), Attention(spec, **kw)
        self.mlp_norm, self.mlp = norm(), MLP(spec, **kw)

    def forward(self, x: torch.Tensor, rope, kv: KVSlot, start: int) -> torch.Tensor:
        if self.pre_norm:
            x = x + self.attn(self.attn_norm(x), rope, kv, start)
            return x + self.mlp(self.mlp_norm(x))
        x = self.attn_norm(x + self.attn(x, rope, kv, start))  # OPT-350m: post-LayerNorm
        return self.mlp_norm(x + self.mlp(x))


class Decoder(nn.Module):
    """Embeddings, layers, final norm and LM head (logits for the last position only, as engines do)."""

    def __init__(self, spec: ModelSpec, device: torch.device, dtype: torch.dtype):
        super().__init__()
        kw = {"device": device, "dtype": dtype}
        h, e = spec.hidden_size, spec.embed_dim
        self.spec = spec
        self.embed_tokens = nn.Embedding(spec.vocab_size, e, **kw)
        opt = spec.family == "opt"
        self.embed_positions = nn.Embedding(spec.max_positions + 2, h, **kw) if opt else None
        self.project_in = nn.Linear(e, h, bias=False, **kw) if e != h else None
        self.project_out = nn.Linear(h, e, bias=False, **kw) if e != h else None
        self.layers = nn.ModuleList(Layer(spec, **kw) for _ in range(spec.num_layers))
        final = RMSNorm(h, spec.norm_eps, **kw) if not opt else nn.LayerNorm(h, eps=spec.norm_eps, **kw)
        self.norm = final if spec.final_norm else None
        self.lm_head = nn.Linear(e, spec.vocab_size, bias=False, **kw)
        if spec.tie_embeddings:
            self.lm_head.weight = self.embed_tokens.weight
        with torch.no_grad():  # small weights keep activations finite (values do not change timing)
            for name, p in self.named_parameters():
                if p.dim() > 1:
                    p.normal_(0.0, 0.02)

    def forward(self, tokens: torch.Tensor, start: int, kv: list[KVSlot]) -> torch.Tensor:
        t = tokens.shape[1]
        positions = torch.arange(start, start + t, device=tokens.device)
        x = self.embed_tokens(tokens)
        if self.project_in is not None:
            x = self.project_in(x)
        if self.embed_positions is not None:
            x = x + self.embed_positions(positions + 2)[None]
        rope = rope_tables(self.spec, positions, x.dtype)
        for layer, slot in zip(self.layers, kv):
            x = layer(x, rope, slot, start)
        x = x[:, -1:]
        if self.norm is not None:
            x = self.norm(x)
        if self.project_out is not None:
            x = self.project_out(x)
        return self.lm_head(x)[:, 0]
