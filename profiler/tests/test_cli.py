import json

import pytest

from conftest import TINY_LLAMA, TINY_OPT
from infersave_profiler import bench, cli

GRID = ["--batch-sizes", "1,2", "--context-lengths", "4,16", "--repeats", "1", "--warmup", "0", "--quiet"]
TOP = {"schemaVersion", "hardware", "software", "model", "precision", "tensorParallel", "samples", "provenance"}
SAMPLE = {"stage", "batchSize", "inputTokens", "contextTokens", "offloadFraction", "seconds"}


def validate_measurement(m):
    """The Measurement shape of src/core/measurement.ts: field names, types and units."""
    assert set(m) == TOP
    assert m["schemaVersion"] == 1
    assert isinstance(m["hardware"]["gpu"], str) and m["hardware"]["gpuCount"] == 1
    assert set(m["hardware"]) <= {"gpu", "gpuCount", "instance"}
    assert set(m["software"]) <= {"engine", "version", "notes"} and m["software"]["engine"] == "infersave-profiler"
    assert isinstance(m["software"]["version"], str) and isinstance(m["software"]["notes"], str)
    assert isinstance(m["model"]["id"], str) and isinstance(m["model"]["config"], dict)
    assert m["precision"] in {"fp32", "bf16", "fp16", "fp8", "int8", "int4"}
    assert m["tensorParallel"] == 1
    assert set(m["provenance"]) <= {"source", "date", "command", "file"}
    assert all(isinstance(v, str) for v in m["provenance"].values())
    for s in m["samples"]:
        assert SAMPLE <= set(s) <= SAMPLE | {"powerWatts", "smClockMHz"}
        assert s["stage"] in ("prefill", "decode")
        for key in ("batchSize", "inputTokens", "contextTokens"):
            assert isinstance(s[key], int) and s[key] >= 1
        assert 0 <= s["offloadFraction"] <= 1
        assert isinstance(s["seconds"], float) and 0 < s["seconds"] < 60
        assert s["inputTokens"] == (s["contextTokens"] if s["stage"] == "prefill" else 1)


def run(write_config, tmp_path, cfg=TINY_LLAMA, extra=(), name="out.json"):
    out = tmp_path / name
    code = cli.main(["--config", write_config(cfg), "--out", str(out), "--device", "cpu", *GRID, *extra])
    return code, (json.loads(out.read_text()) if out.exists() else None)


def keys(m):
    return [(s["stage"], s["batchSize"], s["contextTokens"], s["offloadFraction"]) for s in m["samples"]]


def test_writes_a_valid_measurement_over_the_grid(write_config, tmp_path):
    code, m = run(write_config, tmp_path, extra=["--model-id", "tiny-llama", "--gpu-id", "CPU-TEST"])
    assert code == 0
    validate_measurement(m)
    assert m["model"]["id"] == "tiny-llama" and m["hardware"]["gpu"] == "CPU-TEST"
    assert m["precision"] == "fp32"
    assert keys(m) == [(st, b, c, 0.0) for b in (1, 2) for c in (4, 16) for st in ("prefill", "decode")]
    assert "infersave_profiler" in m["provenance"]["command"] and m["provenance"]["date"]


def test_offload_fractions_run_and_are_recorded(write_config, tmp_path):
    code, m = run(write_config, tmp_path, TINY_OPT, ["--offload-fractions", "0,0.5,1"])
    assert code == 0
    validate_measurement(m)
    assert sorted({s["offloadFraction"] for s in m["samples"]}) == [0.0, 0.5, 1.0]
    assert len(m["samples"]) == 3 * 2 * 2 * 2


def test_structure_is_deterministic(write_config, tmp_path):
    _, first = run(write_config, tmp_path, extra=["--offload-fractions", "0,1"], name="a.json")
    _, second = run(write_config, tmp_path, extra=["--offload-fractions", "0,1"], name="b.json")
    assert keys(first) == keys(second)


def test_repeats_and_warmup_are_respected():
    calls = []
    times = bench.time_steps(lambda: calls.append(1), repeats=3, warmup=2, device=bench.torch.device("cpu"))
    assert len(calls) == 5 and len(times) == 3 and all(t >= 0 for t in times)


def test_repeats_reach_the_timer(write_config, tmp_path, monkeypatch):
    seen = []
    real = bench.time_steps
    monkeypatch.setattr(bench, "time_steps", lambda step, r, w, d: seen.append((r, w)) or real(step, r, w, d))
    run(write_config, tmp_path, extra=["--repeats", "3", "--warmup", "1"])
    assert seen == [(3, 1)] * 8


def test_points_that_do_not_fit_are_skipped_with_a_note(write_config, tmp_path, monkeypatch):
    real = bench.point_bytes
    monkeypatch.setattr(bench, "point_bytes", lambda spec, b, c, f, e: (1 << 60, 0) if c == 16 else real(spec, b, c, f, e))
    code, m = run(write_config, tmp_path)
    assert code == 0
    validate_measurement(m)
    assert {s["contextTokens"] for s in m["samples"]} == {4}
    assert m["software"]["notes"].count("skipped batch") == 2


def test_opt_context_beyond_learned_positions_is_skipped(write_config, tmp_path):
    code, m = run(write_config, tmp_path, {**TINY_OPT, "max_position_embeddings": 8})
    assert code == 0
    assert {s["contextTokens"] for s in m["samples"]} == {4}
    assert "max_position_embeddings" in m["software"]["notes"]


def test_moe_config_is_refused_with_exit_code_2(write_config, tmp_path, capsys):
    code, m = run(write_config, tmp_path, {**TINY_LLAMA, "model_type": "mixtral", "num_local_experts": 8})
    assert code == 2 and m is None
    assert "mixture-of-experts" in capsys.readouterr().err


def test_bad_offload_fraction_is_a_usage_error(write_config, tmp_path):
    with pytest.raises(SystemExit):
        run(write_config, tmp_path, extra=["--offload-fractions", "1.5"])
