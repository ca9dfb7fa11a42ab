"""KV cache slots: on the device, or (FlexGen-style offload) in pinned host memory copied in per step."""

from __future__ import annotations

import math

import torch


class KVSlot:
    """One layer's keys and values, [batch, kv_heads, capacity, head_dim] each, on the device."""

    def __init__(self, shape: tuple[int, ...], device: torch.device, dtype: torch.dtype):
        self.k = torch.zeros(shape, device=device, dtype=dtype)
        self.v = torch.zeros(shape, device=device, dtype=dtype)

    def update(self, k: torch.Tensor, v: torch.Tensor, start: int):
        end = start + k.shape[2]
        self.k[:, :, start:end] = k
        self.v[:, :, start:end] = v
        return self.k[:, :, :end], self.v[:, :, :end]


class HostKVSlot:
    """A layer whose KV lives in host memory (pinned on CUDA). Each step copies the cached tokens into a
    device staging buffer shared by all offloaded layers and writes the new tokens back to the host; the
    step waits for the copies, so the measured time includes the transfer."""

    def __init__(self, shape, staging: KVSlot, device: torch.device, dtype: torch.dtype):
        pin = device.type == "cuda"
        self.k = torch.zeros(shape, dtype=dtype, pin_memory=pin)
        self.v = torch.zeros(shape, dtype=dtype, pin_memory=pin)
        self.staging = staging
        self.device = device

    def update(self, k: torch.Tensor, v: torch.Tensor, start: int):
        end = start + k.shape[2]
        sk, sv = self.staging.k, self.staging.v
        if start > 0:
            sk[:, :, :start].copy_(self.k[:, :, :start], non_blocking=True)
            sv[:, :, :start].copy_(self.v[:, :, :start], non_blocking=True)
        sk[:, :, start:end] = k
        sv[:, :, start:end] = v
        self.k[:, :, start:end].copy_(k, non_blocking=True)
        self.v[:, :, start:end].copy_(v, non_blocking=True)
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
        return sk[:, :, :end], sv[:, :, :end]


def offloaded_layers(num_layers: int, fraction: float) -> range:
    """The last ceil(fraction * layers) layers are offloaded."""
    n = min(num_layers, math.ceil(fraction * num_layers - 1e-9))
    return range(num_layers - n, num_layers)


def make_cache(num_layers, fraction, shape, device, dtype) -> list:
    off = offloaded_layers(num_layers, fraction)
    staging = KVSlot(shape, device, dtype) if len(off) else None
    return [
        HostKVSlot(shape, staging, device, dtype) if i in off else KVSlot(shape, device, dtype)
        for i in range(num_layers)
    ]
