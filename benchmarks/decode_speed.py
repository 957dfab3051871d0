"""How fast `roleadvisor decode` answers: one process against the dependency floor, and the
hostile inputs that must stay linear.

    python benchmarks/decode_speed.py [--runs N] [--posting FILE] [--json]

The floor is a process that only imports what every command needs (typer, rich, pydantic,
yaml); the two are run alternately so that load on a shared machine hits both alike, with
compiled bytecode kept as an installed package has it and the knowledge base's cache warm.
The target is a decode process within 1.25x the floor, and each hostile input under one
second. Decode's own share is measured in fresh processes too: importing the decode package
once the knowledge base is loaded, loading the signals file from the knowledge base (served
by the knowledge base's cache), building the token tables, and reading the posting.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
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


def child_env(home: Path) -> dict[str, str]:
    """The environment of a user's run: bytecode written and read, a home of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROLEADVISOR_")}
    for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME"):
        env.pop(name, None)
    env["ROLEADVISOR_HOME"] = str(home)
    return env


def processes(posting: Path, runs: int, env: dict[str, str]) -> dict[str, Any]:
    for cmd in (FLOOR, [*DECODE, str(posting)]):  # bytecode and the knowledge-base cache
        subprocess.run(cmd, capture_output=True, check=True, env=env)
    times: dict[str, list[float]] = {"floor": [], "decode": []}
    for _ in range(runs):
        for name, cmd in (("floor", FLOOR), ("decode", [*DECODE, str(posting)])):
            start = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True, env=env)
            times[name].append(time.perf_counter() - start)
    out = {name: _spread(values) for name, values in times.items()}
    out["ratio_of_medians"] = out["decode"]["median_ms"] / out["floor"]["median_ms"]
    return out


# Run in a fresh process: the knowledge base loads as a command loads it, then decode's own
# steps are timed one by one and printed as JSON (milliseconds).
OWN_COST = """
import json, sys, time
from roleadvisor.kb.cache import load_kb
kb = load_kb(None)
text = open(sys.argv[1], encoding="utf-8").read()
t0 = time.perf_counter()
import roleadvisor.decode as decode
t1 = time.perf_counter()
kb.extras.get("signals.yaml")
t2 = time.perf_counter()
decode.vocabulary(kb)
t3 = time.perf_counter()
decode.decode(text, kb)
t4 = time.perf_counter()
print(json.dumps({"import": 1000 * (t1 - t0), "signals": 1000 * (t2 - t1),
                  "tables": 1000 * (t3 - t2), "read": 1000 * (t4 - t3),
                  "total": 1000 * (t4 - t0)}))
"""


def own_cost(posting: Path, runs: int, env: dict[str, str]) -> dict[str, dict[str, float]]:
    """Median and quartiles of decode's own steps over fresh processes."""
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", OWN_COST, str(posting)],
            capture_output=True,
            check=True,
            env=env,
            text=True,
        )
        for step, ms in json.loads(out.stdout).items():
            samples.setdefault(step, []).append(ms / 1000)
    return {step: _spread(values) for step, values in samples.items()}


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
        env = child_env(Path(tmp) / "home")
        runs = max(args.runs, 1)
        report = {
            "processes": processes(posting, runs, env),
            "decode_own_ms": own_cost(posting, runs, env),
            "hostile_s": hostile(),
        }
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
    for step, f in report["decode_own_ms"].items():
        print(
            f"decode's own {step:7} median {f['median_ms']:6.1f} ms  "
            f"(quartiles {f['q1_ms']:.1f}-{f['q3_ms']:.1f})"
        )
    for name, seconds in report["hostile_s"].items():
        print(f"hostile {name:28} {seconds:6.3f} s  (target < 1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
