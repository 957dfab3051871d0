"""A person's whole journey through the commands, and the help every command owes them."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import typer

from helpers import Invoke
from roleadvisor.cli import app
from roleadvisor.kb.base import KnowledgeBase

REPO = Path(__file__).resolve().parent.parent


def _commands() -> list[tuple[str, ...]]:
    """Every command path the app registers (groups expanded), read from the app itself."""
    root = typer.main.get_command(app)
    found: list[tuple[str, ...]] = []

    def walk(group: object, prefix: tuple[str, ...]) -> None:
        for name, command in getattr(group, "commands", {}).items():
            if getattr(command, "commands", None):
                walk(command, (*prefix, name))
            else:
                found.append((*prefix, name))

    walk(root, ())
    return found


def test_the_app_registers_every_documented_command() -> None:
    names = {" ".join(c) for c in _commands()}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(names) >= 13
    for name in names:
        assert f"roleadvisor {name}" in readme, f"README does not mention `roleadvisor {name}`"


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_every_command_helps_with_an_example(invoke: Invoke, command: tuple[str, ...]) -> None:
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"roleadvisor {' '.join(command)}" in result.stdout.split("Examples:")[1]


def test_assess_then_decode_then_plan_studies_the_missing_skills(
    invoke: Invoke, real_kb: KnowledgeBase, tmp_path: Path
) -> None:
    """The backend engineer of the handbook assesses, decodes an agent-heavy posting, adds what
    it lacks to the plan, and the next plan studies those skills."""
    answers = REPO / "examples" / "handbook" / "career-transition.yaml"
    assessed = json.loads(invoke("assess", "--answers", str(answers), "--json").stdout)
    have = set(assessed["profile"]["skills"])
    posting = tmp_path / "posting.txt"
    posting.write_text(
        "AI Engineer\nBuild LLM agents with tool calling and function calling, RAG over a "
        "vector database (pgvector), and evaluation harnesses for hallucination. Python, "
        "Kubernetes and Terraform in production.\n",
        encoding="utf-8",
    )
    decoded = invoke("decode", str(posting), "--add-to-plan", "--json")
    assert decoded.exit_code == 0, decoded.stderr
    lacking = set(json.loads(decoded.stdout)["requirements"]["missing"])
    assert lacking and not lacking & have
    planned = json.loads(invoke("plan", "--weeks", "6", "--json").stdout)
    covered = {name for t in planned["topics"] for name in t["covers"]}
    unstudied = set(planned["unstudied_gaps"])
    for skill in lacking:
        name = real_kb.skills[skill].name
        # studied within the round that tests it, or reported as having no material
        assert name in covered | unstudied, f"{skill} lacking in the posting but not planned"
    assert covered & {real_kb.skills[s].name for s in lacking}
    assert real_kb.role(planned["request"]["roles"][0]["role_id"]).id == "ai-engineer"


def test_a_pinned_today_dates_the_assessment_checkpoints(
    invoke: Invoke, kb: KnowledgeBase
) -> None:
    """ROLEADVISOR_TODAY pins the clock for every command, so runs can be reproduced."""
    answers = REPO / "examples" / "handbook" / "role-matching.yaml"
    result = invoke(
        "assess", "--answers", str(answers), "--json", env={"ROLEADVISOR_TODAY": "2027-03-01"}
    )
    dated = {c["day"]: c["date"] for c in json.loads(result.stdout)["checkpoints"]}
    expected = {
        c.day: (date(2027, 3, 1) + timedelta(days=c.day)).isoformat()
        for c in kb.assessment.checkpoints
    }
    assert dated == expected
    bad = invoke("assess", "--answers", str(answers), env={"ROLEADVISOR_TODAY": "March"})
    assert bad.exit_code == 2 and "ROLEADVISOR_TODAY 'March' is not a date" in bad.stderr
