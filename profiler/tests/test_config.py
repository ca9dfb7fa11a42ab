import pytest
import torch

from conftest import TINY_LLAMA, TINY_OPT
from infersave_profiler.config import ConfigError, ModelSpec
from infersave_profiler.model import Decoder


def built_params(cfg) -> int:
    return sum(p.numel() for p in Decoder(ModelSpec.from_config(cfg), torch.device("cpu"), torch.float32).parameters())


def test_llama_parameter_count_matches_hand_count():
    # embed 128*64; per layer q 64*64 + k 64*32 + v 64*32 + o 64*64 + MLP 3*64*128 + 2 norms of 64;
    # final norm 64; untied LM head 128*64
    hand = 128 * 64 + 2 * (64 * 64 + 2 * 64 * 32 + 64 * 64 + 3 * 64 * 128 + 2 * 64) + 64 + 128 * 64
    assert hand == 90432
    assert ModelSpec.from_config(TINY_LLAMA).parameter_count() == hand
    assert built_params(TINY_LLAMA) == hand


def test_opt_parameter_count_matches_hand_count():
    # tied embed 128*64; learned positions (64+2)*64; per layer 4 projections 64*64 + 4 biases of 64,
    # fc1/fc2 2*64*128 + biases 128+64, two LayerNorms 2*(64+64); final LayerNorm 64+64
    per_layer = 4 * 64 * 64 + 4 * 64 + 2 * 64 * 128 + 128 + 64 + 4 * 64
    hand = 128 * 64 + 66 * 64 + 2 * per_layer + 128
    assert hand == 79488
    assert ModelSpec.from_config(TINY_OPT).parameter_count() == hand
    assert built_params(TINY_OPT) == hand


@pytest.mark.parametrize(
    "extra",
    [
        {"model_type": "qwen2", "tie_word_embeddings": True},
        {"model_type": "qwen3", "head_dim": 32},
        {"model_type": "mistral"},
        {"attention_bias": True, "mlp_bias": True},
        {"num_key_value_heads": 4},
    ],
)
def test_formula_matches_built_model_for_variants(extra):
    cfg = {**TINY_LLAMA, **extra}
    assert built_params(cfg) == ModelSpec.from_config(cfg).parameter_count()


def test_opt_projection_and_post_norm_variant():
    cfg = {**TINY_OPT, "word_embed_proj_dim": 32, "do_layer_norm_before": False}
    spec = ModelSpec.from_config(cfg)
    assert not spec.final_norm and spec.embed_dim == 32
    assert built_params(cfg) == spec.parameter_count()


def test_family_flags():
    qwen2 = ModelSpec.from_config({**TINY_LLAMA, "model_type": "qwen2"})
    qwen3 = ModelSpec.from_config({**TINY_LLAMA, "model_type": "qwen3", "head_dim": 32})
    assert qwen2.qkv_bias and not qwen2.o_bias and not qwen2.qk_norm
    assert qwen3.qk_norm and qwen3.head_dim == 32 and not qwen3.qkv_bias


def test_shapes_follow_gqa():
    model = Decoder(ModelSpec.from_config(TINY_LLAMA), torch.device("cpu"), torch.float32)
    attn = model.layers[0].attn
    assert tuple(attn.q_proj.weight.shape) == (64, 64)
    assert tuple(attn.k_proj.weight.shape) == (32, 64)
    assert tuple(attn.v_proj.weight.shape) == (32, 64)
    assert tuple(model.layers[0].mlp.gate_proj.weight.shape) == (128, 64)
    assert tuple(model.lm_head.weight.shape) == (128, 64)


@pytest.mark.parametrize(
    "cfg, message",
    [
        ({**TINY_LLAMA, "model_type": "mixtral", "num_local_experts": 8}, "mixture-of-experts"),
        ({**TINY_LLAMA, "model_type": "qwen3_moe", "num_experts": 8}, "mixture-of-experts"),
        ({**TINY_LLAMA, "model_type": "gpt2"}, "not supported"),
        ({**TINY_LLAMA, "num_key_value_heads": 3}, "multiple"),
        ({k: v for k, v in TINY_LLAMA.items() if k != "hidden_size"}, "hidden_size"),
    ],
)
def test_refusals_are_clear(cfg, message):
    with pytest.raises(ConfigError, match=message):
        ModelSpec.from_config(cfg)
