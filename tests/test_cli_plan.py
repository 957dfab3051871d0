"""`plan`, `review`, `today`, `progress` end to end through the CLI, on the test knowledge base.

The commands run in-process with the knowledge base of test_planner; where a saved assessment
is needed, `assess --answers` makes a real one and the plan is made from the shipped knowledge
base it refers to. "today" is pinned with ROLEADVISOR_TODAY.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from markdown_it import MarkdownIt

import roleadvisor.cli.plan as cli_plan
import roleadvisor.cli.reviews as cli_reviews
from helpers import Invoke, one_line_error
from roleadvisor.kb.base import KnowledgeBase
from test_exports import checklist_items, rendered_text
from test_planner import START, make_kb

TODAY = START.isoformat()
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SHIPPED_KB = cli_plan.get_kb  # the real lookup, before the autouse fixture replaces it


@pytest.fixture(autouse=True)
def test_kb(monkeypatch: pytest.MonkeyPatch) -> None:
    kb = make_kb()
    monkeypatch.setattr(cli_plan, "get_kb", lambda ctx: kb)
    monkeypatch.setattr(cli_reviews, "get_kb", lambda ctx: kb)
    monkeypatch.setenv("ROLEADVISOR_TODAY", TODAY)


def home() -> Path:
    return Path(os.environ["ROLEADVISOR_HOME"])


def saved_plan() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((home() / "plan.json").read_text())
    return data


def assessed(invoke: Invoke, answers: Path, **changes: int) -> dict[str, Any]:
    """Take an assessment with `assess --answers` (ratings changed by `changes`); the saved
    assessment as `assess --json` printed it."""
    text = answers.read_text(encoding="utf-8")
    for dim, rating in changes.items():
        text = "\n".join(
            f"{dim}: {rating}" if line.startswith(f"{dim}:") else line for line in text.splitlines()
        )
    path = home().parent / f"answers-{len(list(home().glob('assessments/*.json')))}.yaml"
    path.write_text(text, encoding="utf-8")
    before = set(home().glob("assessments/*.json"))
    result = invoke("assess", "--answers", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    assert len(set(home().glob("assessments/*.json")) - before) == 1  # saved to the history
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture
def shipped_kb(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plan with the shipped knowledge base, the one `assess` recommends from."""
    monkeypatch.setattr(cli_plan, "get_kb", SHIPPED_KB)
    monkeypatch.setattr(cli_reviews, "get_kb", SHIPPED_KB)


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
    out = result.stdout.splitlines()
    # an export says what it wrote and the plan in two lines, not the whole plan again
    assert out[:2] == [f"Wrote {md_file}", f"Wrote {ics_file}"]
    assert out[2] == "Study plan for Role A" and len(out) <= 8
    # The Markdown checklist has one item per saved session.
    tokens = MarkdownIt("commonmark").enable("table").parse(md_file.read_text())
    items = [t for t in tokens if t.type == "inline" and t.content.startswith("[ ] ")]
    assert len(items) == len(sessions)
    cal = icalendar.Calendar.from_ical(ics_file.read_bytes())
    events = cal.walk("VEVENT")
    assert [e.decoded("DTSTART").date().isoformat() for e in events] == [s["day"] for s in sessions]


def test_plan_table_readable_at_60_columns(invoke: Invoke) -> None:
    result = invoke("plan", "role-a", "--weeks", "2", env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= 60
    words = result.stdout.split()
    assert "--full" in words  # the short view says where the rest is
    full = invoke("plan", "role-a", "--weeks", "2", "--full", env={"COLUMNS": "60"}).stdout
    assert max(len(line) for line in full.splitlines()) <= 60
    assert "*depth*" in full.split() and "Totals" in full.split()  # wrapped, not cut
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


def expected_request(saved: dict[str, Any], roles: list[str]) -> dict[str, Any]:
    """What a plan made from a saved assessment must carry over from it."""
    rec, profile = saved["recommendation"], saved["profile"]
    gaps = {fit["role"]: fit["gaps"] for fit in rec["top"]}
    return {
        "skill_gaps": {r: gaps[r] for r in roles},
        "ratings": profile["ratings"],
        "weak_dimensions": [d for d, r in profile["ratings"].items() if r <= 2],
        "background": profile["background"],
        "recommended": [[fit["role"], fit["score"]] for fit in rec["top"]],
        "assessed_on": TODAY,
    }


@pytest.mark.parametrize(
    ("answers", "rule"),
    [
        (EXAMPLES / "handbook" / "market-timing.yaml", "short timeline"),
        (EXAMPLES / "transitions" / "data-scientist--ml-engineer.yaml", "close scores"),
    ],
    ids=["short-timeline", "close-scores"],
)
def test_plan_from_the_latest_assessment_follows_its_dual_track(
    invoke: Invoke, shipped_kb: None, real_kb: KnowledgeBase, answers: Path, rule: str
) -> None:
    saved = assessed(invoke, answers)
    dual = saved["recommendation"]["dual_track"]
    assert dual is not None, rule
    timeline = saved["profile"]["constraints"]["timeline_weeks"]
    short = rule == "short timeline"
    assert (timeline <= 13) == short  # each case is made by the rule it is named after

    result = invoke("plan", "--hours-per-week", "40", "--json")  # room for every topic
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["fits"] is True
    req = data["request"]
    assert [r["role_id"] for r in req["roles"]] == dual["roles"]
    assert {r["role_id"]: r["share"] for r in req["roles"]} == dual["split"]
    assert req["interview"] == (START + timedelta(weeks=timeline)).isoformat()  # the timeline
    assert req["why"] == dual["why"]
    for key, value in expected_request(saved, dual["roles"]).items():
        assert req[key] == value, key
    ids = {t["id"] for t in data["topics"]}
    gaps = {g for role in dual["roles"] for g in req["skill_gaps"][role]}
    names = {real_kb.skills[g].name for g in gaps}
    covered = {name for t in data["topics"] for name in t["covers"]}
    # every gap is studied in a round that covers it, or reported as not scheduled
    assert covered and names == covered | set(data["unstudied_gaps"])
    assert not any(i.startswith("skill/") for i in ids)
    assert {f"dimension/{d}" for d in req["weak_dimensions"]} <= ids
    rated_well = [d for d, r in req["ratings"].items() if r > 2]
    assert rated_well and not {f"dimension/{d}" for d in rated_well} & ids
    assert saved_plan()["sessions"] == data["sessions"]
    assert saved_plan()["request"] == req


def test_plan_from_an_assessment_without_a_dual_track(invoke: Invoke, shipped_kb: None) -> None:
    saved = assessed(invoke, EXAMPLES / "roles" / "ml-engineer.yaml")
    rec = saved["recommendation"]
    assert rec["dual_track"] is None
    req = json.loads(invoke("plan", "--json").stdout)["request"]
    best = rec["top"][0]["role"]
    assert [(r["role_id"], r["share"]) for r in req["roles"]] == [(best, 1.0)]
    assert req["why"] is None
    timeline = saved["profile"]["constraints"]["timeline_weeks"]
    assert req["interview"] == (START + timedelta(weeks=timeline)).isoformat()
    for key, value in expected_request(saved, [best]).items():
        assert req[key] == value, key


def test_markdown_export_of_a_plan_from_an_assessment(
    invoke: Invoke, shipped_kb: None, kb: KnowledgeBase, tmp_path: Path
) -> None:
    saved = assessed(
        invoke, EXAMPLES / "handbook" / "market-timing.yaml", **{"salary-awareness": 2}
    )
    target = tmp_path / "plan.md"
    result = invoke("plan", "--export", str(target))
    assert result.exit_code == 0, result.stderr
    plan = saved_plan()
    req = plan["request"]
    text = target.read_text(encoding="utf-8")
    lines = [rendered_text(line.removeprefix("- ")) for line in text.splitlines()]
    gaps = sorted({g for ids in req["skill_gaps"].values() for g in ids})
    weak = [d for d, r in saved["profile"]["ratings"].items() if r <= 2]
    dims = {d.id: d.name for d in kb.assessment.dimensions}
    assert gaps and weak
    assert "Skill gaps: " + ", ".join(kb.skills[g].name for g in gaps) in lines
    assert "Weak spots: " + ", ".join(dims[d] for d in weak) in lines
    assert f"Assessed on {TODAY}" in lines
    # one checklist item per saved session, with its date and its topic, in order
    items = checklist_items(text)
    assert len(items) == len(plan["sessions"])
    for item, session in zip(items, plan["sessions"], strict=True):
        day = date.fromisoformat(session["day"])
        assert item.startswith(f"[ ] {day:%a} {day} · {session['activity']} · "), item
        assert f" · {' '.join(session['title'].split())} (" in item, item


def test_named_role_uses_assessment_gaps(invoke: Invoke, shipped_kb: None) -> None:
    saved = assessed(invoke, EXAMPLES / "handbook" / "market-timing.yaml")
    second = saved["recommendation"]["top"][1]
    assert second["gaps"]
    result = invoke("plan", second["role"], "--weeks", "3", "--json")
    assert result.exit_code == 0, result.stderr
    req = json.loads(result.stdout)["request"]
    assert [r["role_id"] for r in req["roles"]] == [second["role"]]
    assert req["skill_gaps"] == {second["role"]: second["gaps"]}
    assert req["interview"] == (START + timedelta(weeks=3)).isoformat()
    assert req["why"] is None  # the dual track's reason is not this plan's


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
    answers = EXAMPLES / "roles" / "ml-engineer.yaml"
    assessed(invoke, answers, **{"salary-awareness": 1, "interview-knowledge": 3})
    assessed(invoke, answers, **{"salary-awareness": 1, "interview-knowledge": 4})
    prog = invoke("progress", env={"ROLEADVISOR_TODAY": due.isoformat()})
    assert prog.exit_code == 0, prog.stderr
    assert "2 reviews done" in prog.stdout
    assert "Salary awareness" in prog.stdout and "+0" in prog.stdout
    assert "Interview knowledge" in prog.stdout and "+1" in prog.stdout
    assert "not reviewed" in prog.stdout
    data = json.loads(invoke("progress", "--json").stdout)
    row = next(t for t in data["topics"] if t["topic_id"] == "role-a/ml-depth")
    assert row["reviews"] == 2 and 0 < row["retention"] < 1


@pytest.mark.parametrize("days_after", [0, 1, 30])
def test_today_on_or_after_the_interview_lists_nothing_and_says_to_replan(
    invoke: Invoke, days_after: int
) -> None:
    assert invoke("plan", "role-a", "--weeks", "3").exit_code == 0
    interview = date.fromisoformat(saved_plan()["request"]["interview"])
    late = (interview + timedelta(days=days_after)).isoformat()
    # every topic was learnt before the interview and none reviewed: all would be overdue
    assert invoke("today", env={"ROLEADVISOR_TODAY": late}).exit_code == 0
    agenda = json.loads(invoke("today", "--json", env={"ROLEADVISOR_TODAY": late}).stdout)
    assert agenda["days_left"] == -days_after
    assert agenda["due"] == [] and agenda["overdue"] == [] and agenda["sessions"] == []
    out = invoke("today", env={"ROLEADVISOR_TODAY": late}).stdout
    assert "roleadvisor plan" in out  # what to do next
    assert "Overdue" not in out and "Due today" not in out
    assert "review TOPIC" not in out
    # the day before, the same plan still has work listed
    eve = (interview - timedelta(days=1)).isoformat()
    assert json.loads(invoke("today", "--json", env={"ROLEADVISOR_TODAY": eve}).stdout)["overdue"]
    # and a review after the interview is refused, recording nothing
    refused = invoke("review", "ml-depth", "--rating", "good", env={"ROLEADVISOR_TODAY": late})
    one_line_error(refused, 2, "make a new plan")
    assert not (home() / "reviews.json").exists()


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

    monkeypatch.setattr(cli_reviews, "is_interactive", lambda: True)
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

    monkeypatch.setattr(cli_reviews, "is_interactive", lambda: True)
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
