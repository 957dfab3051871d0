"""`roleadvisor assess` and `roleadvisor history` through the CLI, with answers files."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from roleadvisor.kb.cache import load_kb

Invoke = Callable[..., Any]

REPO = Path(__file__).resolve().parent.parent
HANDBOOK = REPO / "examples" / "handbook"


def lines_over(text: str, width: int) -> list[str]:
    return [line for line in text.splitlines() if len(line) > width]


def _saved(home: Path) -> list[Path]:
    folder = home / "assessments"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def _home() -> Path:
    return Path(os.environ["ROLEADVISOR_HOME"])


def test_assess_prints_the_explained_recommendation(invoke: Invoke) -> None:
    result = invoke("assess", "--answers", str(HANDBOOK / "role-matching.yaml"))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    kb = load_kb(REPO / "data")
    aie, mle = kb.role("ai-engineer"), kb.role("ml-engineer")
    assert f"1. {aie.name}" in out
    assert "You said you enjoy building things users touch." in " ".join(out.split())
    assert f"You would name {mle.name} today, but {aie.name} fits you better" in " ".join(
        out.split()
    )
    assert f"Interview loop: {aie.name}" in out
    loop = out[out.index(f"Interview loop: {aie.name}") :]
    for rnd in aie.loop.rounds:  # titles may wrap inside their table cell
        assert all(word in loop for word in rnd.title.split()), rnd.title
    first = kb.assessment.checkpoints[0]
    assert first.task.split()[0] in out and "day 0" in out
    assert "Self-assessment" in out and "█" in out


def test_json_holds_the_whole_result(invoke: Invoke) -> None:
    result = invoke("assess", "--answers", str(HANDBOOK / "market-timing.yaml"), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    rec = data["recommendation"]
    assert rec["dual_track"]["roles"] == ["ml-engineer", "ai-engineer"]
    assert set(data["profile"]["answers"]) >= {"background", "timeline", "skills"}
    assert data["self_assessment"]["total"] == sum(data["self_assessment"]["ratings"].values())
    assert len(data["checkpoints"]) == len(load_kb(REPO / "data").assessment.checkpoints)
    assert data["changes_since_last"] == {}


def test_each_assessment_is_saved_and_the_next_shows_changes(
    invoke: Invoke, tmp_path: Path
) -> None:
    first = invoke("assess", "--answers", str(HANDBOOK / "role-matching.yaml"))
    assert first.exit_code == 0
    assert len(_saved(_home())) == 1
    # the day-21 retake: two ratings went up
    answers = yaml.safe_load((HANDBOOK / "role-matching.yaml").read_text(encoding="utf-8"))
    answers["role-clarity"] += 2
    answers["salary-awareness"] += 1
    retake = tmp_path / "retake.yaml"
    retake.write_text(yaml.safe_dump(answers), encoding="utf-8")
    second = invoke("assess", "--answers", str(retake), "--json")
    assert second.exit_code == 0
    changes = json.loads(second.stdout)["changes_since_last"]
    assert changes["role-clarity"] == 2 and changes["salary-awareness"] == 1
    assert changes["career-planning"] == 0
    assert len(_saved(_home())) == 2
    third = invoke("assess", "--answers", str(retake))
    assert "= same as last time" in third.stdout

    listing = invoke("history")
    assert listing.exit_code == 0
    assert listing.stdout.count("AI Engineer") >= 3
    assert "Role clarity +2" in " ".join(listing.stdout.split())
    data = json.loads(invoke("history", "--json").stdout)
    assert [d["self_assessment"]["ratings"]["role-clarity"] for d in data] == [2, 4, 4]


def test_no_save_keeps_history_empty(invoke: Invoke) -> None:
    result = invoke("assess", "--answers", str(HANDBOOK / "role-matching.yaml"), "--no-save")
    assert result.exit_code == 0
    assert _saved(_home()) == []
    assert "No saved assessments yet" in invoke("history").stdout


def test_not_a_terminal_without_answers_refuses(invoke: Invoke) -> None:
    result = invoke("assess", input="")
    assert result.exit_code == 2
    assert "--answers" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert _saved(_home()) == []


def test_bad_answers_files_name_the_key(invoke: Invoke, tmp_path: Path) -> None:
    good = yaml.safe_load((HANDBOOK / "career-transition.yaml").read_text(encoding="utf-8"))
    cases = {
        "unknown": ({**good, "favourite-colour": "blue"}, "unknown question 'favourite-colour'"),
        "invalid": ({**good, "timeline": "yesterday"}, "'timeline' has invalid choice 'yesterday'"),
        "missing": ({k: v for k, v in good.items() if k != "company"}, "no answer for 'company'"),
        "rating": ({**good, "role-clarity": 7}, "'role-clarity' has invalid choice '7'"),
    }
    for name, (answers, message) in cases.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(answers), encoding="utf-8")
        result = invoke("assess", "--answers", str(path))
        assert result.exit_code == 2, name
        assert message in result.stderr, (name, result.stderr)
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert _saved(_home()) == []


def test_save_answers_writes_a_replayable_file(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "mine.yaml"
    source = HANDBOOK / "career-transition.yaml"
    first = invoke("assess", "--answers", str(source), "--save-answers", str(out), "--json")
    assert first.exit_code == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == yaml.safe_load(
        source.read_text(encoding="utf-8")
    )
    again = invoke("assess", "--answers", str(out), "--json")
    ranking = json.loads(again.stdout)["recommendation"]["ranking"]
    assert ranking == json.loads(first.stdout)["recommendation"]["ranking"]
    refused = invoke("assess", "--answers", str(source), "--save-answers", str(out))
    assert refused.exit_code == 2 and "--force" in refused.stderr


def test_readable_at_60_and_200_columns(invoke: Invoke) -> None:
    path = str(HANDBOOK / "market-timing.yaml")
    narrow = invoke("assess", "--answers", path, "--no-save", env={"COLUMNS": "60"})
    assert narrow.exit_code == 0
    assert not lines_over(narrow.stdout, 60)
    assert "Dual track" in narrow.stdout
    wide = invoke("assess", "--answers", path, "--no-save", env={"COLUMNS": "200"})
    assert not lines_over(wide.stdout, 200)
    assert len(wide.stdout.splitlines()) < len(narrow.stdout.splitlines())
    assert "\x1b[" not in narrow.stdout + wide.stdout  # NO_COLOR is pinned


def test_corrupted_history_is_reported_not_replaced(invoke: Invoke) -> None:
    folder = _home() / "assessments"
    folder.mkdir(parents=True)
    (folder / "20260101T000000000000Z.json").write_text("{not json", encoding="utf-8")
    result = invoke("history")
    assert result.exit_code == 1
    assert "corrupted" in result.stderr and "Traceback" not in result.stderr


def test_every_question_id_is_documented_with_examples() -> None:
    from roleadvisor.questionnaire import Walk

    kb = load_kb(REPO / "data")
    doc = (REPO / "examples" / "README.md").read_text(encoding="utf-8")
    for qid in Walk(kb.questionnaire, kb).all_ids():
        assert f"| `{qid}` |" in doc, qid


def test_answering_from_a_file_never_imports_questionary() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from roleadvisor.cli import app\n"
        "try:\n"
        f"    app(['assess', '--answers', {str(HANDBOOK / 'role-matching.yaml')!r}, '--no-save',"
        " '--json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith(('questionary',"
        " 'prompt_toolkit')))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert '"ai-engineer"' in done.stdout
    assert done.stderr.strip() == "[]"
