"""InferSave profiler harness: times prefill and decode steps of a decoder built from a config.json."""

__version__ = "0.1.0"
