"""End to end: the installed `roleadvisor assess` under a real pseudo-terminal, answered with
keys as a person would, the recommendation read off the screen."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.cache import load_kb

# a person at the keyboard has run the tool before
pytestmark = pytest.mark.usefixtures("warm_cache")

REPO = Path(__file__).resolve().parent.parent
EXE = shutil.which("roleadvisor", path=str(Path(sys.executable).parent)) or "roleadvisor"
DOWN, UP, ENTER, SPACE, CTRL_C = "\x1b[B", "\x1b[A", "\r", " ", "\x03"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\r")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb(REPO / "data")


def _spawn(home: Path) -> pexpect.spawn:
    env = {
        **os.environ,
        "ROLEADVISOR_HOME": str(home),
        "COLUMNS": "120",
        "LINES": "100",  # tall enough for the skills checkbox on one page
        "TERM": "xterm",
        "NO_COLOR": "1",
        # a real terminal answers prompt_toolkit's cursor-position request at once; this
        # pseudo-terminal never does, and each question would wait out the request
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    env.pop("ROLEADVISOR_KB", None)
    child = pexpect.spawn(
        EXE, ["assess"], env=env, encoding="utf-8", timeout=20, dimensions=(100, 120)
    )
    return child


def _answer(child: pexpect.spawn, step: int, keys: str) -> None:
    """Wait for question `step` to be on screen, then press `keys`."""
    child.expect(rf"\[{step}/\d+\]")
    child.expect("Enter confirms")  # the prompt is drawn
    child.send(keys)


def _index(choices: list[str], wanted: str) -> str:
    return DOWN * choices.index(wanted)


def test_a_person_answers_with_keys_and_reads_the_recommendation(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    q = kb.questionnaire
    child = _spawn(tmp_path / "home")
    step = 1
    for _ in kb.assessment.dimensions:  # ratings: 1, then 2, 3, 4, 5
        _answer(child, step, DOWN * (step - 1) + ENTER)
        step += 1
    backgrounds = [b.id for b in kb.skills_file.backgrounds]
    _answer(child, step, _index(backgrounds, "software-engineer") + ENTER)
    step += 1
    years = q.fixed_by_id("years")
    assert years is not None
    _answer(child, step, _index([c.id for c in years.choices], "1-2") + ENTER)
    step += 1
    tree = (("aim", "build"), ("build-what", "products"), ("pace", "fast"))
    shared = (("coding", "most"), ("math", "fine"), ("on-call", "no-view"))
    for node_id, choice in (*tree, *shared):
        node = q.node(node_id)
        assert node is not None
        _answer(child, step, _index([c.id for c in node.choices], choice) + ENTER)
        step += 1
    rank = {c.id: i for i, c in enumerate(kb.skills_file.categories)}
    skills = [s.id for s in sorted(kb.skills_file.skills, key=lambda s: rank[s.category])]
    # tick two more skills on top of the pre-ticked ones
    ticks = _index(skills, "llm-frameworks") + SPACE + DOWN + SPACE + ENTER
    _answer(child, step, ticks)
    step += 1
    for question, choice in (("timeline", "six-months"), ("company", "ai-startup")):
        fq = q.fixed_by_id(question)
        assert fq is not None
        _answer(child, step, _index([c.id for c in fq.choices], choice) + ENTER)
        step += 1
    roles = [r.id for r in kb.roles]
    _answer(child, step, _index(roles, "ml-engineer") + ENTER)
    child.expect(pexpect.EOF, timeout=30)
    child.close()
    screen = " ".join(ANSI.sub("", child.before or "").split())
    assert child.exitstatus == 0, screen[-500:]
    aie, mle = kb.role("ai-engineer"), kb.role("ml-engineer")
    assert f"1. {aie.name}" in screen
    assert "You said you enjoy building things users touch." in screen
    assert f"You would name {mle.name} today, but {aie.name} fits you better" in screen
    assert f"Interview loop: {aie.name}" in screen
    assert "Total 15/25" in screen  # 1+2+3+4+5
    saved = list((tmp_path / "home" / "assessments").glob("*.json"))
    assert len(saved) == 1
    assert '"llm-frameworks"' in saved[0].read_text(encoding="utf-8")


def test_ctrl_c_halfway_cancels_and_saves_nothing(kb: KnowledgeBase, tmp_path: Path) -> None:
    child = _spawn(tmp_path / "home")
    for step in range(1, len(kb.assessment.dimensions) + 1):
        _answer(child, step, ENTER)
    _answer(child, len(kb.assessment.dimensions) + 1, DOWN + CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    screen = ANSI.sub("", child.before or "")
    assert child.exitstatus == 130
    assert "Assessment cancelled" in screen
    assert "Traceback" not in screen
    assert not (tmp_path / "home" / "assessments").exists()


def test_escape_goes_back_to_the_previous_question(kb: KnowledgeBase, tmp_path: Path) -> None:
    child = _spawn(tmp_path / "home")
    _answer(child, 1, DOWN * 4 + ENTER)
    _answer(child, 2, "\x1b")  # Escape: back to question 1 ...
    child.expect(r"\[1/\d+\]")  # ... which is asked again
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
