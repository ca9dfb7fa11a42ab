"""Times prefill and decode steps over a grid of batch sizes, context lengths and offload fractions."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import torch

from .config import ModelSpec
from .device import Nvml, free_bytes
from .kv import make_cache, offloaded_layers
from .model import HAS_SDPA, Decoder

MARGIN = 0.9  # use at most this share of free memory


@dataclass
class Grid:
    batch_sizes: list[int]
    contexts: list[int]
    offloads: list[float]
    repeats: int = 5
    warmup: int = 2


def time_steps(step, repeats: int, warmup: int, device: torch.device) -> list[float]:
    """Seconds of each of `repeats` calls of step() after `warmup` untimed calls."""
    cuda = device.type == "cuda"
    for _ in range(warmup):
        step()
    if cuda:
        torch.cuda.synchronize(device)
    times = []
    for _ in range(repeats):
        if cuda:
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            step()
            end.record()
            end.synchronize()
            times.append(start.elapsed_time(end) / 1000)
        else:
            t0 = time.perf_counter()
            step()
            times.append(time.perf_counter() - t0)
    return times


def point_bytes(spec: ModelSpec, batch: int, context: int, fraction: float, elem: int) -> tuple[int, int]:
    """(device, host) bytes one grid point needs beyond the weights: KV cache, staging, activations."""
    kv_layer = 2 * batch * spec.num_kv_heads * (context + 1) * spec.head_dim * elem
    n_off = len(offloaded_layers(spec.num_layers, fraction))
    tokens = batch * context
    width = 4 * spec.hidden_size + 3 * spec.intermediate_size + spec.num_heads * spec.head_dim
    act = 2 * tokens * width * elem + batch * spec.vocab_size * 4
    if not HAS_SDPA or elem == 4:  # explicit attention materialises the score matrix
        act += 2 * batch * spec.num_heads * context * (context + 1) * 4
    device = (spec.num_layers - n_off) * kv_layer + (kv_layer if n_off else 0) + act
    return device, n_off * kv_layer


def _is_oom(e: Exception) -> bool:
    return "out of memory" in str(e).lower() or type(e).__name__ == "OutOfMemoryError"


def run_grid(model: Decoder, grid: Grid, device: torch.device, dtype: torch.dtype, log=None):
    """Returns (samples, skipped notes). Samples follow the order offload → batch → context, prefill first."""
    spec, nvml = model.spec, Nvml(device)
    elem = torch.tensor([], dtype=dtype).element_size()
    samples, skipped = [], []
    for f in grid.offloads:
        for b in grid.batch_sizes:
            for c in grid.contexts:
                where = f"batch {b}, context {c}, offload {f:g}"
                if spec.family == "opt" and c + 1 > spec.max_positions:
                    skipped.append(f"{where}: context beyond max_position_embeddings {spec.max_positions}")
                    continue
                need_dev, need_host = point_bytes(spec, b, c, f, elem)
                free_dev, free_host = free_bytes(device)
                if need_dev > MARGIN * free_dev or need_host > MARGIN * free_host:
                    skipped.append(f"{where}: needs {need_dev / 2**30:.1f} GiB device + "
                                   f"{need_host / 2**30:.1f} GiB host, free {free_dev / 2**30:.1f} + {free_host / 2**30:.1f}")
                    continue
                try:
                    samples += _measure_point(model, grid, device, dtype, b, c, f, nvml)
                except RuntimeError as e:
                    if not _is_oom(e):
                        raise
                    skipped.append(f"{where}: out of memory")
                if device.type == "cuda":
                    torch.cuda.empty_cache()
                if log:
                    log(f"{where}: " + ", ".join(f"{s['stage']} {s['seconds'] * 1e3:.3f} ms" for s in samples[-2:]))
    return samples, skipped


def _measure_point(model, grid, device, dtype, b, c, f, nvml) -> list[dict]:
    spec = model.spec
    shape = (b, spec.num_kv_heads, c + 1, spec.head_dim)
    cache = make_cache(spec.num_layers, f, shape, device, dtype)
    prompt = torch.randint(0, spec.vocab_size, (b, c), device=device)
    token = torch.randint(0, spec.vocab_size, (b, 1), device=device)
    out = []
    with torch.inference_mode():
        for stage, step in (
            ("prefill", lambda: model(prompt, 0, cache)),
            ("decode", lambda: model(token, c, cache)),
        ):
            times = time_steps(step, grid.repeats, grid.warmup, device)
            sample = {
                "stage": stage,
                "batchSize": b,
                "inputTokens": c if stage == "prefill" else 1,
                "contextTokens": c,
                "offloadFraction": f,
                "seconds": statistics.median(times),
            }
            out.append({**sample, **nvml.reading()})
    del cache
    return out
