"""The benchmark in quick mode: every figure is measured, and no target is missed by more than
the CI margin (2.5 times the target), which noise on a shared machine cannot explain.

Timing has no place in the default run: this test is marked `benchmark`, which plain `pytest`
deselects, and `.ci/run` runs it as a step of its own (`pytest -m benchmark`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.benchmark

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


def test_quick_benchmark_meets_targets_within_ci_margin(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--check", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    print(result.stdout)  # the table, for the CI log
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads(out.read_text(encoding="utf-8"))
    floor = figures["processes"]["dependency floor"]
    assert floor["wall_ms"] > figures["processes"]["python -c pass"]["wall_ms"] > 0
    checks = {c["what"]: c for c in figures["checks"]}
    # every command, warm and cold, is judged against the plain dependency floor
    for command in ("--help", "roles", "compare mle aie", "kb validate", "kb validate --full"):
        assert f"{command}: CPU time × dependency floor" in checks
    assert "compare mle aie (cold): CPU time × dependency floor" in checks
    assert "assess: first question on screen: CPU time × prompt floor (+ questionary)" in checks
    assert any(name.startswith("scale:") and "peak memory" in name for name in checks)
    ratio = figures["processes"]["compare mle aie"]["ratio"]["cpu"]
    assert ratio["p25"] <= ratio["median"] <= ratio["p75"]
    bad = [c for c in checks.values() if not c["within_ci_margin"]]
    assert not bad, bad
    assert "| --help |" in result.stdout
