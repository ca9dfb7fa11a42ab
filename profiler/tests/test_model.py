import pytest
import torch

from conftest import TINY_LLAMA, TINY_OPT
from infersave_profiler.config import ModelSpec
from infersave_profiler.kv import HostKVSlot, KVSlot, make_cache, offloaded_layers
from infersave_profiler.model import Decoder

CPU = torch.device("cpu")


@pytest.mark.parametrize("cfg", [TINY_LLAMA, TINY_OPT, {**TINY_LLAMA, "model_type": "qwen3", "head_dim": 32}])
@pytest.mark.parametrize("fraction", [0.0, 0.5, 1.0])
def test_decode_with_cache_equals_full_prefill(cfg, fraction):
    """Decoding token c against a KV cache of c tokens gives the logits of a prefill of c + 1 tokens,
    so positions, RoPE and the (offloaded) cache are wired right."""
    torch.manual_seed(0)
    spec = ModelSpec.from_config(cfg)
    model = Decoder(spec, CPU, torch.float32).eval()
    b, c = 2, 9
    tokens = torch.randint(0, spec.vocab_size, (b, c + 1))
    shape = (b, spec.num_kv_heads, c + 1, spec.head_dim)
    with torch.inference_mode():
        full = model(tokens, 0, make_cache(spec.num_layers, 0.0, shape, CPU, torch.float32))
        cache = make_cache(spec.num_layers, fraction, shape, CPU, torch.float32)
        prefill = model(tokens[:, :c], 0, cache)
        step = model(tokens[:, c:], c, cache)
    assert prefill.shape == (b, spec.vocab_size) and step.shape == (b, spec.vocab_size)
    torch.testing.assert_close(step, full, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("layers, fraction, expected", [(2, 0, []), (2, 0.3, [1]), (2, 0.5, [1]), (2, 1, [0, 1]), (32, 0.25, list(range(24, 32)))])
def test_offloaded_layers_are_the_last_ceil_fraction(layers, fraction, expected):
    assert list(offloaded_layers(layers, fraction)) == expected


def test_make_cache_puts_offloaded_layers_on_host():
    cache = make_cache(4, 0.5, (1, 2, 5, 8), CPU, torch.float32)
    assert [type(s) for s in cache] == [KVSlot, KVSlot, HostKVSlot, HostKVSlot]
    assert cache[2].staging is cache[3].staging
