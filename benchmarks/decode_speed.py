"""How fast `roleadvisor decode` answers: one process against the dependency floor, and the
hostile inputs that must stay linear.

    python benchmarks/decode_speed.py [--runs N] [--posting FILE] [--json]

The floor is a process that only imports what every command needs (typer, rich, pydantic,
yaml); the two are run alternately so that load on a shared machine hits both alike. The
target is a decode process within 1.25x the floor, and each hostile input under one second.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FLOOR = [sys.executable, "-c", "import typer, rich.console, rich.table, pydantic, yaml"]
DECODE = [sys.executable, "-m", "roleadvisor", "decode"]
SAMPLE = """Machine Learning Engineer

What you'll do
- Train models for fraud detection and own the training pipeline, from feature engineering
  to deployment and monitoring for data drift.
- Build retrieval for our support assistant: embeddings, vector search and reranking.

Requirements
- 4+ years of Python, PyTorch and SQL; experience with Airflow and Kubernetes.
"""
HOSTILE = {
    "Requires 5 + 20,000 spaces": "Requires 5" + " " * 20_000,
    "'<a' x 99,000": "<a" * 99_000,
    "'<!--' x 49,000": "<!--" * 49_000,
}


def _spread(values: list[float]) -> dict[str, float]:
    ms = sorted(v * 1000 for v in values)
    quartiles = statistics.quantiles(ms, n=4) if len(ms) > 1 else [ms[0]] * 3
    return {
        "median_ms": statistics.median(ms),
        "q1_ms": quartiles[0],
        "q3_ms": quartiles[2],
        "min_ms": ms[0],
        "max_ms": ms[-1],
    }


def processes(posting: Path, runs: int) -> dict[str, Any]:
    subprocess.run([*DECODE, str(posting)], capture_output=True, check=True)  # warm caches
    times: dict[str, list[float]] = {"floor": [], "decode": []}
    for _ in range(runs):
        for name, cmd in (("floor", FLOOR), ("decode", [*DECODE, str(posting)])):
            start = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True)
            times[name].append(time.perf_counter() - start)
    out = {name: _spread(values) for name, values in times.items()}
    out["ratio_of_medians"] = out["decode"]["median_ms"] / out["floor"]["median_ms"]
    return out


def hostile() -> dict[str, float]:
    from roleadvisor.decode import decode, vocabulary
    from roleadvisor.errors import UsageError
    from roleadvisor.kb.cache import load_kb

    kb = load_kb(None)
    vocabulary(kb)
    out = {}
    for name, text in HOSTILE.items():
        start = time.perf_counter()
        with contextlib.suppress(UsageError):  # nothing readable is a fine answer here
            decode(text, kb)
        out[name] = time.perf_counter() - start
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15, help="process pairs to time")
    parser.add_argument("--posting", type=Path, help="the posting to decode (default: a sample)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        posting = args.posting
        if posting is None:
            posting = Path(tmp) / "posting.txt"
            posting.write_text(SAMPLE, encoding="utf-8")
        report = {"processes": processes(posting, max(args.runs, 1)), "hostile_s": hostile()}
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        print()
        return 0
    procs = report["processes"]
    for name in ("floor", "decode"):
        f = procs[name]
        print(
            f"{name:7} median {f['median_ms']:6.0f} ms  (quartiles {f['q1_ms']:.0f}-"
            f"{f['q3_ms']:.0f}, range {f['min_ms']:.0f}-{f['max_ms']:.0f})"
        )
    print(f"decode / floor (medians): {procs['ratio_of_medians']:.2f}x  (target 1.25x)")
    for name, seconds in report["hostile_s"].items():
        print(f"hostile {name:28} {seconds:6.3f} s  (target < 1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
