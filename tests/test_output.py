"""Output that respects attention: the answer leads, detail is one flag away, long views page."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from helpers import REPO, Invoke

TRANSITION = str(REPO / "examples" / "handbook" / "career-transition.yaml")


def test_assess_leads_with_the_best_fit_and_stays_short(invoke: Invoke) -> None:
    short = invoke("assess", "--answers", TRANSITION, "--no-save").stdout.splitlines()
    full = invoke("assess", "--answers", TRANSITION, "--no-save", "--full").stdout.splitlines()
    assert len(short) <= 120, len(short)
    best = next(n for n, line in enumerate(short) if line.startswith("1. "))
    assert best < 30
    # the loop summary: one line per round with its weight in words, no table borders
    assert not any("│" in line for line in short)
    assert any("Phone screen · moderate · " in line for line in short)
    # --full keeps the whole loop table and every reason
    assert sum(line.startswith("  Study: ") for line in full) >= 7  # each round's advice
    assert len(full) > len(short) + 60


def test_assess_says_where_it_saved(invoke: Invoke) -> None:
    out = invoke("assess", "--answers", TRANSITION).stdout
    saved = list((Path(os.environ["ROLEADVISOR_HOME"]) / "assessments").glob("*.json"))
    assert len(saved) == 1
    assert f"Saved to {saved[0]}" in " ".join(out.split())


# --- the pager ---------------------------------------------------------------------------------

EXE = str(Path(sys.executable).parent / "roleadvisor")


def _run_in_terminal(
    tmp_path: Path, command: str, env: dict[str, str], rows: int = 20
) -> tuple[str, Path]:
    """Run `command` (a shell line) under a pseudo-terminal `rows` tall with a fake pager that
    records what it is given; returns the screen text and the record's path."""
    pexpect = pytest.importorskip("pexpect")
    record = tmp_path / "paged.txt"
    full_env = {
        **os.environ,
        "COLUMNS": "100",
        "LINES": str(rows),
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # this pseudo-terminal never answers the request
        "NO_COLOR": "1",
        "ROLEADVISOR_PAGER": f"cat > {record}",
        **env,
    }
    for name in ("PAGER", "LESS"):
        if name not in env:
            full_env.pop(name, None)
    child = pexpect.spawn(
        "/bin/sh", ["-c", command], env=full_env, encoding="utf-8", dimensions=(rows, 100)
    )
    child.expect(pexpect.EOF, timeout=30)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before or "", record


def test_a_view_taller_than_the_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    screen, record = _run_in_terminal(tmp_path, f"{EXE} show mle", {})
    paged = record.read_text(encoding="utf-8")
    assert paged.count("\n") > 20
    assert "Machine Learning Engineer" in paged
    assert "Machine Learning Engineer" not in screen  # the pager had it, not the terminal


def test_a_view_that_fits_is_printed_not_paged(tmp_path: Path) -> None:
    screen, record = _run_in_terminal(tmp_path, f"{EXE} show mle", {}, rows=500)
    assert not record.exists()
    assert "Machine Learning Engineer" in screen


@pytest.mark.parametrize(
    ("flags", "env"),
    [
        ("--no-pager", {}),  # after the command, as people type it
        ("", {"ROLEADVISOR_PAGER": "cat"}),
        ("", {"ROLEADVISOR_PAGER": "", "PAGER": "cat > /dev/full"}),
        ("--json", {}),
    ],
)
def test_the_pager_can_be_turned_off(tmp_path: Path, flags: str, env: dict[str, str]) -> None:
    screen, record = _run_in_terminal(tmp_path, f"{EXE} show mle {flags}", env)
    assert not record.exists()
    assert "Machine Learning Engineer" in screen


def test_pager_env_falls_back_to_pager_then_less(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _, record = _run_in_terminal(
        tmp_path, f"{EXE} --no-pager show mle", {"ROLEADVISOR_PAGER": "cat > /dev/null"}
    )
    assert not record.exists()  # --no-pager before the command too
    from roleadvisor.render import pager

    monkeypatch.delenv("ROLEADVISOR_PAGER", raising=False)
    monkeypatch.setenv("PAGER", "more")
    assert pager.pager_command() == "more"
    monkeypatch.delenv("PAGER")
    assert pager.pager_command() == "less -R"


def test_piped_output_never_pages(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    _, record = _run_in_terminal(tmp_path, f"{EXE} show mle | cat > {out}", {})
    assert not record.exists()
    assert out.read_text(encoding="utf-8").count("\n") > 20


# --- the plan ----------------------------------------------------------------------------------


def test_plan_shows_two_weeks_by_day_and_the_rest_by_line(invoke: Invoke) -> None:
    invoke("assess", "--answers", TRANSITION)
    short = invoke("plan", "--weeks", "6").stdout
    full = invoke("plan", "--weeks", "6", "--full").stdout
    lines = short.splitlines()
    assert len(lines) <= 120, len(lines)
    assert [line.split(" · ")[0] for line in lines if line.startswith("Week ")] == [
        "Week 1", "Week 2", "Week 3", "Week 4", "Week 5", "Week 6",
    ]  # fmt: skip
    import json
    import re

    sessions = json.loads(invoke("plan", "--weeks", "6", "--json").stdout)["sessions"]
    days = [line for line in lines if re.match(r"  \w{3} \d\d \w{3}  ", line)]
    assert len(days) == sum(s["week"] <= 2 for s in sessions)  # this week and next, by day
    assert len(full.splitlines()) > len(lines) + 100
    assert "8 h per week (default; set --hours-per-week)" in short
    assert "(6 weeks from the start, from --weeks)" in short


def test_plan_has_no_duplicated_or_filler_topics(invoke: Invoke) -> None:
    import json

    invoke("assess", "--answers", TRANSITION)
    data = json.loads(invoke("plan", "--weeks", "6", "--json").stdout)
    titles = [t["title"].lower() for t in data["topics"]]
    covered = [c.lower() for t in data["topics"] for c in t["covers"]]
    assert covered and not set(covered) & set(titles)
    full = invoke("plan", "--weeks", "6", "--full").stdout
    assert "Close the gap" not in full and "Know the vocabulary" not in full
    assert "weight " not in full  # weights in words
    assert any(f"  {word}" in full for word in ("decisive", "heavy", "moderate"))


def test_plan_from_an_assessment_timeline_says_so(invoke: Invoke) -> None:
    invoke("assess", "--answers", TRANSITION)
    out = " ".join(invoke("plan").stdout.split())
    assert "(from your answer '" in out and "set --interview-date" in out


def test_export_confirms_in_a_few_lines_with_the_users_umask(
    invoke: Invoke, tmp_path: Path
) -> None:
    target = tmp_path / "plan.md"
    old = os.umask(0o022)
    try:
        out = invoke("plan", "ai-engineer", "--weeks", "6", "--export", str(target)).stdout
    finally:
        os.umask(old)
    assert len(out.splitlines()) <= 8
    assert out.splitlines()[0] == f"Wrote {target}"
    assert target.stat().st_mode & 0o777 == 0o644


# --- the loop table ----------------------------------------------------------------------------


@pytest.mark.parametrize(("columns", "table"), [("80", False), ("100", False), ("200", True)])
def test_loop_is_stacked_where_study_would_be_squeezed(
    invoke: Invoke, columns: str, table: bool
) -> None:
    out = invoke("loop", "aie", env={"COLUMNS": columns}).stdout
    assert ("│" in out) is table
    if not table:  # stacked: the round as a heading, its fields under it
        assert "\nPhone screen\n" in out and "  Study: " in out
    else:
        study = next(line for line in out.splitlines() if "│ Study" in line)
        cells = study.split("│")
        header = [c.strip() for c in cells]
        width = len(cells[header.index("Study")])
        assert width - 2 >= 35


# --- words -------------------------------------------------------------------------------------


def test_sources_are_named_by_title_never_by_file(invoke: Invoke) -> None:
    out = invoke("show", "mle").stdout
    sources = out[out.index("Sources") :]
    assert "Handbook chapter" in sources
    assert ".txt" not in out


def test_counts_agree_with_their_nouns(invoke: Invoke) -> None:
    from roleadvisor.labels import plural

    assert [plural(n, "review") for n in (0, 1, 2)] == ["0 reviews", "1 review", "2 reviews"]
    invoke("plan", "ai-engineer", "--weeks", "2")
    out = invoke("progress").stdout + invoke("today").stdout
    assert "(s)" not in out and "0 reviews done" in out


# --- today and review --------------------------------------------------------------------------


def test_today_shows_a_due_checkpoint_and_review_marks_it_done(invoke: Invoke) -> None:
    env = {"ROLEADVISOR_TODAY": "2026-11-29"}
    invoke("plan", "ai-engineer", "--weeks", "3", env=env)
    before = invoke("today", env=env).stdout
    due = before[before.index("Due today") :]
    assert "Day 0:" in due.split("Planned for today")[0]  # under Due, with its task
    assert "Nothing due today" not in before
    assert "Checkpoint" not in before.split("Planned for today")[1]  # not listed twice
    done = invoke("review", "checkpoint", env=env)
    assert done.exit_code == 0 and "Checkpoint done: Day 0:" in done.stdout
    after = invoke("today", env=env).stdout
    assert "Day 0:" not in after and "review checkpoint" not in after
    again = invoke("review", "checkpoint", env=env)
    assert again.exit_code == 2 and "No checkpoint is due" in again.stderr


def test_plan_in_a_terminal_asks_for_hours_and_date(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = {
        **os.environ,
        "COLUMNS": "100",
        "LINES": "300",
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # this pseudo-terminal never answers the request
        "NO_COLOR": "1",
        "ROLEADVISOR_TODAY": "2026-11-29",
    }
    child = pexpect.spawn(
        EXE, ["plan", "ai-engineer", "--no-pager"], env=env, encoding="utf-8", timeout=30,
        dimensions=(300, 100),
    )  # fmt: skip
    child.expect("Hours per week")
    child.send("\x7f" * 3 + "5\r")  # replace the default 8
    child.expect("Interview date")
    child.send("\x7f" * 10 + "2027-01-03\r")
    child.expect(pexpect.EOF)
    out = " ".join((child.before or "").split())
    assert "5 h per week (your answer)" in out
    assert "interview 2027-01-03 (your answer)" in out


def test_table_titles_and_headers_stay_whole(invoke: Invoke) -> None:
    invoke("assess", "--answers", TRANSITION)
    invoke("assess", "--answers", TRANSITION)
    invoke("plan", "--weeks", "2")
    progress = invoke("progress", env={"COLUMNS": "100"}).stdout.splitlines()
    title = next(line for line in progress if line.startswith("Self-assessment:"))
    assert title.rstrip().endswith("(2 assessments)")  # not wrapped at the table's width
    show = invoke("show", "mle", env={"COLUMNS": "100"}).stdout.split()
    assert "Region" in show and "Regio" not in show


def test_market_names_the_roles_without_sector_data(invoke: Invoke, real_kb: object) -> None:
    from roleadvisor.kb.base import KnowledgeBase

    assert isinstance(real_kb, KnowledgeBase)
    out = " ".join(invoke("market").stdout.split())
    missing = [r.name for r in real_kb.roles if not r.sector_demand]
    assert missing and f"No sector data for: {', '.join(missing)}" in out


def test_one_table_style_everywhere(invoke: Invoke, tmp_path: Path) -> None:
    """Tables have a simple rule under the header (boxes only where rows need lines between
    them); never rich's heavy default."""
    posting = tmp_path / "posting.txt"
    posting.write_text(
        "Machine Learning Engineer\nTrain and deploy PyTorch models with distributed training "
        "on GPUs; build feature pipelines and serve models in production.\n",
        encoding="utf-8",
    )
    invoke("assess", "--answers", TRANSITION)
    invoke("assess", "--answers", TRANSITION)
    outputs = [
        invoke(*args).stdout
        for args in (("history",), ("decode", str(posting)), ("roles",), ("market",))
    ]
    heavy = "┏━┃┡╇"
    assert not any(ch in out for out in outputs for ch in heavy)
