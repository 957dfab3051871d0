"""`roleadvisor fit ROLE`: why a role scored what it did in the latest assessment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import Invoke, one_line_error

HANDBOOK = Path(__file__).resolve().parent.parent / "examples" / "handbook"


def test_why_not_the_role_they_would_name(invoke: Invoke) -> None:
    # the handbook's role-matching friend would say "ML engineer"; fit explains the gap
    assert invoke("assess", "--answers", str(HANDBOOK / "role-matching.yaml")).exit_code == 0
    result = invoke("fit", "mle", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["role"] == "ml-engineer" and data["best"] == "ai-engineer"
    assert data["rank"] > 1 and data["best_score"] > data["score"]
    parts = {p["part"]: p for p in data["parts"]}
    assert set(parts) == {"interest", "skills", "ramp", "demand", "sector"}
    assert sum(p["points"] for p in parts.values()) == pytest.approx(data["score"], abs=0.5)
    assert sum(p["weight"] for p in parts.values()) == pytest.approx(1.0, abs=0.01)
    # the part it trails most by is interest: their answers point elsewhere
    assert max(parts.values(), key=lambda p: p["behind_best"])["part"] == "interest"
    assert data["levers"] and data["levers"][0].startswith(("Interest", "Skills"))
    view = invoke("fit", "Machine Learning Engineer")
    assert view.exit_code == 0
    first = view.stdout.splitlines()[0]
    assert "Machine Learning Engineer" in first and f"#{data['rank']}" in first
    assert "AI Engineer fits you best" in view.stdout
    assert "What would raise it most" in view.stdout


def test_the_best_fit_says_so(invoke: Invoke) -> None:
    invoke("assess", "--answers", str(HANDBOOK / "role-matching.yaml"))
    data = json.loads(invoke("fit", "ai-engineer", "--json").stdout)
    assert data["rank"] == 1 and all(p["behind_best"] == 0 for p in data["parts"])
    assert "best fit" in invoke("fit", "ai-engineer").stdout


def test_fit_without_an_assessment_or_with_an_unknown_role(invoke: Invoke) -> None:
    one_line_error(invoke("fit", "mle"), 2, "roleadvisor assess")
    invoke("assess", "--answers", str(HANDBOOK / "role-matching.yaml"))
    one_line_error(invoke("fit", "astronaut"), 2)
