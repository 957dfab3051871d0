"""Runs at the same time lose nothing: each read-modify-write of saved state holds its lock.

Real processes, started together: reviews of one topic, decodes adding to the plan's gaps,
and a new plan written while reviews are recorded. Every run must succeed and every change
must be in the files afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# the runs race on saved state, not on the first validation
pytestmark = pytest.mark.usefixtures("warm_cache")

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-03-02"
REVIEWS = 12  # enough runs to overlap on two cores; the lost-update rate was 3 in 4


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROLEADVISOR_")}
    env.update(ROLEADVISOR_HOME=str(home), ROLEADVISOR_TODAY=TODAY, NO_COLOR="1", COLUMNS="100")
    return env


def _start(args: list[str], home: Path, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "roleadvisor", *args],
        env=_env(home),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(runs: list[subprocess.Popen[str]]) -> None:
    for run in runs:
        try:
            _, err = run.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            for other in runs:
                other.kill()
            pytest.fail("a run did not finish within 180 s")
        assert run.returncode == 0, err


def _once(args: list[str], home: Path, cwd: Path) -> None:
    _finish([_start(args, home, cwd)])


def test_parallel_reviews_and_a_new_plan_keep_every_review(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _once(["plan", "aie", "--weeks", "6"], home, tmp_path)
    runs = [_start(["review", "ML depth", "--rating", "good"], home, tmp_path)]
    runs += [
        _start(["review", "ML depth", "--rating", "good"], home, tmp_path)
        for _ in range(REVIEWS - 1)
    ]
    runs.insert(REVIEWS // 2, _start(["plan", "aie", "--weeks", "6"], home, tmp_path))
    _finish(runs)
    saved = json.loads((home / "reviews.json").read_text(encoding="utf-8"))
    assert len(saved["topics"]["ai-engineer/ml-depth"]["history"]) == REVIEWS
    json.loads((home / "plan.json").read_text(encoding="utf-8"))  # whole, not interleaved


def test_parallel_decodes_keep_every_posting(tmp_path: Path) -> None:
    home = tmp_path / "home"
    answers = REPO / "examples" / "roles" / "ml-engineer.yaml"
    _once(["assess", "--answers", str(answers)], home, tmp_path)
    postings = []
    for i in range(8):
        posting = tmp_path / f"posting-{i}.txt"
        posting.write_text(
            f"AI Engineer {i}\nBuild RAG pipelines with LLM APIs, agents and vector search.\n",
            encoding="utf-8",
        )
        postings.append(posting)
    _finish([_start(["decode", str(p), "--add-to-plan"], home, tmp_path) for p in postings])
    saved = json.loads((home / "decode_gaps.json").read_text(encoding="utf-8"))
    assert sorted(p["title"] for p in saved["postings"]) == [f"AI Engineer {i}" for i in range(8)]
