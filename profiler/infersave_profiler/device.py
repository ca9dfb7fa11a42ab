"""Device facts: name, free memory, versions, and NVML power/clock readings when pynvml is importable."""

from __future__ import annotations

import platform

import torch


def free_bytes(device: torch.device) -> tuple[int, int]:
    """(free device memory, available host memory) in bytes."""
    host = _host_available()
    if device.type == "cuda":
        return torch.cuda.mem_get_info(device)[0], host
    return host, host


def _host_available() -> int:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 1 << 40


def device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return f"cpu ({platform.processor() or platform.machine()})"


def versions(device: torch.device) -> str:
    parts = [f"torch {torch.__version__}", f"python {platform.python_version()}"]
    if device.type == "cuda":
        parts.append(f"CUDA {torch.version.cuda}")
    return ", ".join(parts)


class Nvml:
    """Optional NVML access; every reading is None when pynvml is missing or fails."""

    def __init__(self, device: torch.device):
        self.handle = None
        if device.type != "cuda":
            return
        try:
            import pynvml

            pynvml.nvmlInit()
            self.nv = pynvml
            self.handle = pynvml.nvmlDeviceGetHandleByIndex(device.index or 0)
        except Exception:
            self.handle = None

    def reading(self) -> dict:
        """Board power (W) and SM clock (MHz) now."""
        if self.handle is None:
            return {}
        try:
            return {
                "powerWatts": round(self.nv.nvmlDeviceGetPowerUsage(self.handle) / 1000, 1),
                "smClockMHz": self.nv.nvmlDeviceGetClockInfo(self.handle, self.nv.NVML_CLOCK_SM),
            }
        except Exception:
            return {}

    def describe(self) -> str:
        if self.handle is None:
            return "NVML unavailable"
        try:
            nv, h = self.nv, self.handle
            driver = nv.nvmlSystemGetDriverVersion()
            max_sm = nv.nvmlDeviceGetMaxClockInfo(h, nv.NVML_CLOCK_SM)
            max_mem = nv.nvmlDeviceGetMaxClockInfo(h, nv.NVML_CLOCK_MEM)
            limit = nv.nvmlDeviceGetPowerManagementLimit(h) / 1000
            return f"driver {driver}, max SM clock {max_sm} MHz, max memory clock {max_mem} MHz, power limit {limit:.0f} W"
        except Exception as e:
            return f"NVML error: {e}"
