"""The evaluation script runs in quick mode on a sample of the real postings (when present)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "benchmarks" / "eval_decode.py"
JOBS = REPO.parent / "shared" / "data" / "jobs" / "jobs.jsonl"
SHARES = [
    "ml_first_to_model_building",
    "ml_first_not_llm_application",
    "ai_support_to_supporting_role",
    "ai_support_not_llm_application",
    "ai_first_to_llm_application",
    "multi_role_share",
    "first_hire_sign_share",
    "title_disagrees_share",
    "no_match_share",
    "skill_recall_micro",
    "skill_recall_macro",
    "data_skill_strings_mapped",
]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=300
    )


@pytest.mark.skipif(not JOBS.is_file(), reason="the evaluation postings are not on this machine")
def test_quick_run_reports_well_formed_figures() -> None:
    done = run("--quick", "150", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["evaluated"] == 150 and report["quick"] is True
    assert report["after_dedup"] < report["rows"]
    halves = report["halves"]
    assert halves["A"]["postings"] + halves["B"]["postings"] == halves["all"]["postings"] == 150
    for name in SHARES:
        value = halves["all"][name]
        assert isinstance(value, float) and 0.0 <= value <= 1.0, (name, value)
    assert set(halves["all"]["labels"]) >= {"ai-first", "ai-support", "ml-first"}
    assert sum(halves["all"]["best_roles"].values()) == 150
    assert halves["all"]["extra_skills_per_posting"] >= 0
    assert report["throughput"]["postings_per_second"] > 0  # its size is the benchmark's business
    for mode in ("titled", "body_only"):
        figures = report["roles"][mode]["all"]
        assert figures["postings"] == 150 and 0 < figures["labelled"] <= 150
        for name in ("top1", "top3", "declined_share"):
            assert 0.0 <= figures[name] <= 1.0, (mode, name)
        assert figures["top1"] <= figures["top3"]
        assert sum(r["postings"] for r in figures["per_role"].values()) == figures["labelled"]
    non_ai = report["non_ai"]
    assert non_ai["all"]["postings"] == non_ai["A"]["postings"] + non_ai["B"]["postings"] > 0
    assert 0.0 <= non_ai["all"]["declined_share"] <= 1.0
    realistic = report["non_ai_realistic"]
    assert realistic["all"]["postings"] >= 20
    assert realistic["all"]["postings"] == realistic["A"]["postings"] + realistic["B"]["postings"]


def test_title_rule_labels_titles_by_the_first_matching_rule() -> None:
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import eval_decode
    finally:
        sys.path.remove(str(SCRIPT.parent))
    assert eval_decode.title_label("Senior Machine Learning Engineer") == "ml-engineer"
    assert eval_decode.title_label("Staff AI Engineer, Agents") == "agentic-ai-developer"
    assert eval_decode.title_label("AI Research Engineer") == "research-engineer"
    assert eval_decode.title_label("Senior Software Engineer, AI") is None


@pytest.mark.skipif(not JOBS.is_file(), reason="the evaluation postings are not on this machine")
def test_table_output_names_the_caveat() -> None:
    done = run("--quick", "40")
    assert done.returncode == 0, done.stderr
    assert "ml-first -> model-building role" in done.stdout
    assert "labels were assigned by a language model" in done.stdout
    assert "body_only top-1" in done.stdout and "synthetic non-AI declined" in done.stdout
    assert "ordinary-job non-AI declined" in done.stdout


def test_missing_postings_skip_with_a_message(tmp_path: Path) -> None:
    done = run("--jobs", str(tmp_path / "none.jsonl"))
    assert done.returncode == 0
    assert done.stdout.startswith("skipped: no postings at")
