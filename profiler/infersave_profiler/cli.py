"""Command line: build the decoder of a config.json, time it over a grid, write a Measurement JSON."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shlex
import sys

import torch

from . import __version__
from .bench import MARGIN, Grid, run_grid
from .config import ConfigError, ModelSpec
from .device import Nvml, device_name, free_bytes, versions
from .model import HAS_SDPA, Decoder

DTYPES = {"float16": (torch.float16, "fp16"), "bfloat16": (torch.bfloat16, "bf16"), "float32": (torch.float32, "fp32")}


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def _floats(text: str) -> list[float]:
    values = [float(x) for x in text.split(",") if x.strip()]
    if any(not 0 <= v <= 1 for v in values):
        raise argparse.ArgumentTypeError("offload fractions must lie in [0, 1]")
    return values


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python3 -m infersave_profiler", description=__doc__)
    p.add_argument("--config", required=True, help="Hugging Face config.json of the model")
    p.add_argument("--out", required=True, help="measurement JSON to write")
    p.add_argument("--batch-sizes", type=_ints, default=[1, 4, 16])
    p.add_argument("--context-lengths", type=_ints, default=[128, 512, 2048])
    p.add_argument("--offload-fractions", type=_floats, default=[0.0])
    p.add_argument("--dtype", choices=sorted(DTYPES), help="default: float16 on cuda, float32 on cpu")
    p.add_argument("--device", choices=["cuda", "cpu"], help="default: cuda when available")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--model-id", help="catalog model id (default: the config's _name_or_path or folder)")
    p.add_argument("--gpu-id", help="catalog GPU id (default: the name the device reports)")
    p.add_argument("--instance", help="cloud instance type, when known")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--quiet", action="store_true", help="no per-point progress on stderr")
    args = p.parse_args(argv)
    if args.repeats < 1 or args.warmup < 0:
        p.error("--repeats must be >= 1 and --warmup >= 0")
    if any(v < 1 for v in args.batch_sizes + args.context_lengths):
        p.error("batch sizes and context lengths must be >= 1")
    return args


def _model_id(args, config: dict) -> str:
    if args.model_id:
        return args.model_id
    name = config.get("_name_or_path")
    if isinstance(name, str) and name:
        return name
    folder = os.path.basename(os.path.dirname(os.path.abspath(args.config)))
    return folder or config.get("model_type", "unknown")


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    err = lambda msg: print(f"infersave-profiler: {msg}", file=sys.stderr)  # noqa: E731
    log = None if args.quiet else err
    try:
        with open(args.config) as f:
            config = json.load(f)
        spec = ModelSpec.from_config(config)
    except (OSError, json.JSONDecodeError, ConfigError) as e:
        err(f"{args.config}: {e}")
        return 2
    if args.device == "cuda" and not torch.cuda.is_available():
        err("--device cuda requested but torch sees no CUDA device")
        return 2
    device = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    dtype, precision = DTYPES[args.dtype or ("float16" if device.type == "cuda" else "float32")]
    try:
        torch.ones(2, 2, dtype=dtype, device=device) @ torch.ones(2, 2, dtype=dtype, device=device)
    except RuntimeError:
        err(f"{precision} matmul is not supported on {device.type} by torch {torch.__version__}; try --dtype float32")
        return 2
    weights = spec.parameter_count() * torch.tensor([], dtype=dtype).element_size()
    free = free_bytes(device)[0]
    if weights > MARGIN * free:
        err(f"weights need {weights / 2**30:.1f} GiB but only {free / 2**30:.1f} GiB is free on {device}")
        return 3
    torch.manual_seed(args.seed)
    model = Decoder(spec, device, dtype).eval()
    grid = Grid(args.batch_sizes, args.context_lengths, args.offload_fractions, args.repeats, args.warmup)
    samples, skipped = run_grid(model, grid, device, dtype, log)
    notes = [
        versions(device),
        f"device {device_name(device)}",
        Nvml(device).describe() if device.type == "cuda" else "cpu run",
        f"attention {'scaled_dot_product_attention' if HAS_SDPA else 'matmul+softmax'}",
        f"median of {grid.repeats} repeats after {grid.warmup} warm-up",
        f"random weights, {spec.parameter_count()} parameters",
        "KV offload: last ceil(f*layers) layers' KV in host memory, copied in per step",
    ]
    notes += [f"skipped {s}" for s in skipped]
    measurement = {
        "schemaVersion": 1,
        "hardware": {
            "gpu": args.gpu_id or device_name(device),
            "gpuCount": 1,
            **({"instance": args.instance} if args.instance else {}),
        },
        "software": {"engine": "infersave-profiler", "version": __version__, "notes": "; ".join(notes)},
        "model": {"id": _model_id(args, config), "config": config},
        "precision": precision,
        "tensorParallel": 1,
        "samples": samples,
        "provenance": {
            "source": "infersave-profiler",
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "command": shlex.join(["python3", "-m", "infersave_profiler", *(sys.argv[1:] if argv is None else argv)]),
        },
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(measurement, f, indent=2)
        f.write("\n")
    if log:
        log(f"wrote {len(samples)} samples ({len(skipped)} grid points skipped) to {args.out}")
    if not samples:
        err("no grid point fitted in memory; nothing measured")
        return 1
    return 0
