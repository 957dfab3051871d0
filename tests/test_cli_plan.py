"""`plan`, `review`, `today`, `progress` end to end through the CLI, on the test knowledge base.

The commands run in-process with the knowledge base of test_planner and, where a saved
assessment is needed, a stand-in for history.latest(); "today" is pinned with ROLEADVISOR_TODAY.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import icalendar
import pytest
from markdown_it import MarkdownIt

import roleadvisor.cli.plan as cli_plan
from helpers import Invoke, one_line_error
from test_planner import START, make_kb

TODAY = START.isoformat()


@pytest.fixture(autouse=True)
def test_kb(monkeypatch: pytest.MonkeyPatch) -> None:
    kb = make_kb()
    monkeypatch.setattr(cli_plan, "get_kb", lambda ctx: kb)
    monkeypatch.setenv("ROLEADVISOR_TODAY", TODAY)


def home() -> Path:
    return Path(os.environ["ROLEADVISOR_HOME"])


def saved_plan() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((home() / "plan.json").read_text())
    return data


def fake_assessment(monkeypatch: pytest.MonkeyPatch, dual: bool = True) -> None:
    fits = [
        SimpleNamespace(role="role-a", score=82.0, gaps=["alpha"]),
        SimpleNamespace(role="role-b", score=70.0, gaps=["beta"]),
    ]
    track = (
        SimpleNamespace(
            roles=["role-a", "role-b"], split={"role-a": 0.7, "role-b": 0.3}, why="Dual track."
        )
        if dual
        else None
    )
    recommendation = SimpleNamespace(
        top=fits,
        dual_track=track,
        gaps={f.role: f.gaps for f in fits},
        focus_roles=lambda: ["role-a", "role-b"] if dual else ["role-a"],
    )
    profile = SimpleNamespace(
        ratings={"salary-awareness": 1, "interview-knowledge": 4},
        background="swe",
        skills=["alpha"],
        constraints=SimpleNamespace(timeline_weeks=5),
    )
    saved = [
        SimpleNamespace(
            taken_at=datetime(2026, 2, 1, tzinfo=timezone.utc),
            profile=SimpleNamespace(ratings={"salary-awareness": 1, "interview-knowledge": 3}),
            recommendation=recommendation,
        ),
        SimpleNamespace(
            taken_at=datetime(2026, 3, 1, tzinfo=timezone.utc),
            profile=profile,
            recommendation=recommendation,
        ),
    ]
    from roleadvisor.state import history

    monkeypatch.setattr(history, "latest", lambda model: saved[-1])
    monkeypatch.setattr(history, "load_all", lambda model: saved)
    monkeypatch.setattr(history, "has_assessments", lambda: True)


# --- plan ----------------------------------------------------------------------------------


def test_plan_for_a_named_role_with_exports(invoke: Invoke, tmp_path: Path) -> None:
    md_file, ics_file = tmp_path / "plan.md", tmp_path / "plan.ics"
    result = invoke(
        "plan", "Role A", "--weeks", "4", "--hours-per-week", "6",
        "--export", str(md_file), "--export", str(ics_file),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    plan = saved_plan()
    sessions = plan["sessions"]
    assert plan["request"]["start"] == TODAY
    assert plan["request"]["interview"] == (START + timedelta(weeks=4)).isoformat()
    assert [r["role_id"] for r in plan["request"]["roles"]] == ["role-a"]
    out = result.stdout
    assert "Study plan for Role A" in out
    for week in range(1, 5):
        assert f"Week {week} · " in out
    assert "Totals per round and topic" in out
    assert f"Wrote {md_file}" in out
    # The Markdown schedule table has one row per saved session.
    tokens = MarkdownIt("commonmark").enable("table").parse(md_file.read_text())
    tables, rows = [], 0
    for tok in tokens:
        if tok.type == "tbody_open":
            rows = 0
        elif tok.type == "tr_open":
            rows += 1
        elif tok.type == "tbody_close":
            tables.append(rows)
    assert len(sessions) in tables
    cal = icalendar.Calendar.from_ical(ics_file.read_bytes())
    events = cal.walk("VEVENT")
    assert [e.decoded("DTSTART").date().isoformat() for e in events] == [s["day"] for s in sessions]


def test_plan_table_readable_at_60_columns(invoke: Invoke) -> None:
    result = invoke("plan", "role-a", "--weeks", "2", env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= 60
    words = result.stdout.split()
    assert "*depth*" in words and "Totals" in words  # wrapped, not cut
    assert sum(line.lstrip().startswith("Week ") for line in result.stdout.splitlines()) == 2


def test_existing_export_needs_force(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("keep me")
    result = invoke("plan", "role-a", "--weeks", "3", "--export", str(target))
    one_line_error(result, 2, "already exists", "--force")
    assert target.read_text() == "keep me"
    assert not (home() / "plan.json").exists()
    result = invoke("plan", "role-a", "--weeks", "3", "--export", str(target), "--force")
    assert result.exit_code == 0
    assert target.read_text().startswith("# Study plan: Role A")


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["--interview-date", "2026-13-01"], 2, "is not a date"),
        (["--start", "yesterday"], 2, "is not a date"),
        (["--interview-date", "2026-03-01"], 2, "must be after the start"),
        (["--interview-date", "2026-04-01", "--weeks", "3"], 2, "not both"),
        (["--weeks", "0"], 2, "--weeks must be a positive"),
        (["--weeks", "-2"], 2, "--weeks must be a positive"),
        (["--hours-per-week", "0"], 2, "--hours-per-week must be more than 0"),
        (["--hours-per-week", "-1.5"], 2, "--hours-per-week must be more than 0"),
        (["--export", "plan.txt"], 2, "ending in .md or .ics"),
        (["--export", "/proc/nope/plan.md"], 1, "Cannot write /proc/nope/plan.md"),
    ],
)
def test_bad_plan_input_is_one_line(
    invoke: Invoke, args: list[str], code: int, needle: str
) -> None:
    one_line_error(invoke("plan", "role-a", *args), code, needle)


def test_unknown_role(invoke: Invoke) -> None:
    one_line_error(invoke("plan", "role-q"), 2, "Unknown role 'role-q'")


def test_no_role_and_no_assessment(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    from roleadvisor.state import history

    monkeypatch.setattr(history, "latest", lambda model: None)
    one_line_error(invoke("plan"), 2, "run `roleadvisor assess` first")


def test_plan_from_the_latest_assessment(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_assessment(monkeypatch)
    result = invoke("plan", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    req = data["request"]
    assert {r["role_id"]: r["share"] for r in req["roles"]} == {"role-a": 0.7, "role-b": 0.3}
    assert req["interview"] == (START + timedelta(weeks=5)).isoformat()  # the timeline answer
    assert req["skill_gaps"] == {"role-a": ["alpha"], "role-b": ["beta"]}
    assert req["weak_dimensions"] == ["salary-awareness"]
    ids = {t["id"] for t in data["topics"]}
    assert {"skill/alpha", "skill/beta", "dimension/salary-awareness"} <= ids
    assert "dimension/interview-knowledge" not in ids
    assert data["fits"] is True
    assert saved_plan()["sessions"] == data["sessions"]


def test_named_role_uses_assessment_gaps(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_assessment(monkeypatch, dual=False)
    result = invoke("plan", "role-b", "--weeks", "3", "--json")
    req = json.loads(result.stdout)["request"]
    assert [r["role_id"] for r in req["roles"]] == ["role-b"]
    assert req["skill_gaps"] == {"role-b": ["beta"]}
    assert req["why"] is None


def test_plan_that_does_not_fit_says_so(invoke: Invoke) -> None:
    result = invoke("plan", "role-a", "role-b", "--weeks", "1", "--hours-per-week", "1")
    assert result.exit_code == 0
    assert "Does not fit:" in result.stdout
    assert "did not fit" in result.stdout and "h more" in result.stdout


# --- review, today, progress ---------------------------------------------------------------


def test_review_today_progress_through_time(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke("plan", "role-a", "--weeks", "6").exit_code == 0
    today = invoke("today")
    learnt_today = [
        s["title"]
        for s in saved_plan()["sessions"]
        if s["activity"] == "learn" and s["day"] == TODAY
    ]
    assert learnt_today
    due_part = today.stdout.split("Due today")[1].split("Planned for today")[0]
    for title in learnt_today:
        assert title in due_part
    assert "Checkpoint" in today.stdout  # day 0 checkpoint planned for today
    reviewed = invoke("review", "ml-depth", "--rating", "good", "--json")
    assert reviewed.exit_code == 0, reviewed.stderr
    record = json.loads(reviewed.stdout)
    assert record["topic"] == "role-a/ml-depth" and record["rating"] == "good"
    due = date.fromisoformat(record["next_due"])
    assert START < due < START + timedelta(weeks=6)
    # Three days on: unreviewed topics learnt earlier are overdue; the reviewed one follows FSRS.
    later = invoke("today", "--json", env={"ROLEADVISOR_TODAY": "2026-03-05"})
    agenda = json.loads(later.stdout)
    overdue = {i["topic_id"] for i in agenda["overdue"]}
    learnt = {
        s["topic_id"]
        for s in saved_plan()["sessions"]
        if s["activity"] == "learn" and s["day"] < "2026-03-05"
    }
    assert overdue - {"role-a/ml-depth"} == learnt - {"role-a/ml-depth"}
    assert ("role-a/ml-depth" in overdue) == (due < date(2026, 3, 5))
    plain = invoke("today", env={"ROLEADVISOR_TODAY": "2026-03-05"})
    assert "Overdue" in plain.stdout
    # Again on the due day brings it back within two days.
    again = invoke(
        "review", "role-a/ml-depth", "--rating", "again", "--json",
        env={"ROLEADVISOR_TODAY": due.isoformat()},
    )  # fmt: skip
    back = date.fromisoformat(json.loads(again.stdout)["next_due"])
    assert (back - due).days <= 2
    fake_assessment(monkeypatch)
    prog = invoke("progress", env={"ROLEADVISOR_TODAY": due.isoformat()})
    assert prog.exit_code == 0, prog.stderr
    assert "2 review(s) done" in prog.stdout
    assert "Salary awareness" in prog.stdout and "+0" in prog.stdout
    assert "Interview knowledge" in prog.stdout and "+1" in prog.stdout
    assert "not reviewed" in prog.stdout
    data = json.loads(invoke("progress", "--json").stdout)
    row = next(t for t in data["topics"] if t["topic_id"] == "role-a/ml-depth")
    assert row["reviews"] == 2 and 0 < row["retention"] < 1


def test_review_needs_a_terminal_or_both_arguments(invoke: Invoke) -> None:
    invoke("plan", "role-a", "--weeks", "3")
    one_line_error(invoke("review", "ml-depth"), 2, "--rating")
    one_line_error(invoke("review", "--rating", "good"), 2, "TOPIC")
    one_line_error(invoke("review", "ml-depth", "--rating", "fine"), 2, "'fine' is not one of")
    one_line_error(invoke("review", "quantum", "--rating", "good"), 2, "No topic 'quantum'")
    assert not (home() / "reviews.json").exists()


def test_interactive_review_cancelled_writes_nothing(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    import questionary

    invoke("plan", "role-a", "--weeks", "3")

    class Interrupted:
        def unsafe_ask(self) -> Any:
            raise KeyboardInterrupt

    monkeypatch.setattr(cli_plan, "is_interactive", lambda: True)
    monkeypatch.setattr(questionary, "select", lambda *a, **k: Interrupted())
    result = invoke("review", "ml-depth")
    one_line_error(result, 130, "nothing was recorded")
    assert not (home() / "reviews.json").exists()


def test_interactive_review_records_the_choice(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    import questionary

    invoke("plan", "role-a", "--weeks", "3")
    asked: list[str] = []

    class Answer:
        def __init__(self, message: str, choices: list[Any]) -> None:
            asked.append(message)
            self.choices = choices

        def unsafe_ask(self) -> Any:
            values = [c.value for c in self.choices]
            return "hard" if "hard" in values else values[0]

    monkeypatch.setattr(cli_plan, "is_interactive", lambda: True)
    monkeypatch.setattr(questionary, "select", lambda m, choices, **k: Answer(m, choices))
    result = invoke("review")
    assert result.exit_code == 0, result.stderr
    assert len(asked) == 2
    state = json.loads((home() / "reviews.json").read_text())
    (topic,) = state["topics"]
    assert state["topics"][topic]["history"][0]["rating"] == "hard"
    due_today = [
        s["topic_id"]
        for s in saved_plan()["sessions"]
        if s["activity"] == "learn" and s["day"] == TODAY
    ]
    assert topic == due_today[0]  # what is due is offered first


def test_corrupted_review_state_is_kept_and_reported(invoke: Invoke) -> None:
    invoke("plan", "role-a", "--weeks", "3")
    state = home() / "reviews.json"
    state.write_text("{not json")
    result = invoke("review", "ml-depth", "--rating", "good")
    one_line_error(result, 1, "corrupted", "A copy is kept at")
    assert state.read_text() == "{not json"
    assert list(home().glob("reviews.json.corrupt-*"))
    state.write_text('{"topics": {"x": {"card": 3}}}')
    one_line_error(invoke("today"), 1, "not in the expected format")
    assert state.read_text() == '{"topics": {"x": {"card": 3}}}'


def test_commands_need_a_plan(invoke: Invoke) -> None:
    for command in ("today", "progress"):
        one_line_error(invoke(command), 2, "run `roleadvisor plan` first")
    one_line_error(invoke("review", "x", "--rating", "good"), 2, "run `roleadvisor plan` first")


def test_plan_commands_do_not_slow_start_up() -> None:
    code = (
        "import sys, roleadvisor.cli; "
        "heavy = [m for m in ('fsrs', 'questionary', 'icalendar', 'roleadvisor.planner', "
        "'roleadvisor.reviews') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
