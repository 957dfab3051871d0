"""The user's files: the lock around each read-modify-write, the decode gaps, the saved
history, and the bridge from a value refused when built to a one-line usage error."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from filelock import FileLock

from helpers import Invoke, one_line_error
from roleadvisor.errors import StateError, UsageError, validating
from roleadvisor.plan_models import PlanRequest, RoleShare
from roleadvisor.state import files, gaps, history
from roleadvisor.state.paths import data_home, decode_gaps_path, reviews_path
from roleadvisor.state.plain import Plain


@pytest.fixture
def short_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.05)


def hold(path: Path) -> FileLock:
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path.with_name(f"{path.name}.lock"))
    lock.acquire()
    return lock


def test_a_held_lock_is_a_one_line_error_and_nothing_is_written(short_lock: None) -> None:
    target = decode_gaps_path()
    lock = hold(target)
    try:
        with pytest.raises(StateError) as caught:
            gaps.add_gaps("Alpha Engineer", "alpha", ["pytorch"], "2026-03-01")
    finally:
        lock.release()
    assert "Another roleadvisor is updating" in caught.value.message
    assert "\n" not in caught.value.message
    assert not target.exists()


def test_gaps_accumulate_across_postings() -> None:
    assert gaps.decoded_gaps() == []
    assert gaps.add_gaps("First", "alpha", ["pytorch", "rag"], "2026-03-01") == ["pytorch", "rag"]
    assert gaps.add_gaps("Second", None, ["rag", "sql"], "2026-03-02") == ["sql"]
    assert gaps.decoded_gaps() == ["pytorch", "rag", "sql"]
    data = json.loads(decode_gaps_path().read_text(encoding="utf-8"))
    assert [p["title"] for p in data["postings"]] == ["First", "Second"]


class Entry(Plain):
    id: str
    taken_at: datetime


def test_history_keeps_entries_in_the_order_taken() -> None:
    assert history.latest(Entry) is None and not history.has_assessments()
    for day in (3, 1, 2):
        when = datetime(2026, 3, day, tzinfo=timezone.utc)
        history.save(when.strftime("%Y%m%dT%H%M%S%fZ"), Entry(id=str(day), taken_at=when))
    assert history.has_assessments()
    assert [e.id for e in history.load_all(Entry)] == ["1", "2", "3"]
    latest = history.latest(Entry)
    assert latest is not None and latest.id == "3"


def test_a_corrupted_history_file_is_reported_and_kept() -> None:
    folder = data_home() / "assessments"
    folder.mkdir(parents=True)
    (folder / "20260301T000000000000Z.json").write_text('{"id": 1', encoding="utf-8")
    with pytest.raises(StateError) as caught:
        history.load_all(Entry)
    assert "corrupted" in caught.value.message and "copy is kept" in caught.value.message
    assert list(folder.glob("*.corrupt-*"))


def test_validation_names_the_option_behind_a_field() -> None:
    with (
        pytest.raises(UsageError, match=r"^--hours-per-week must be more than 0 .* not -2\.$"),
        validating({"hours_per_week": "--hours-per-week"}),
    ):
        PlanRequest(
            roles=[RoleShare(role_id="a", share=1)],
            start=date(2026, 3, 2),
            interview=date(2026, 4, 2),
            hours_per_week=-2,
        )


def test_validation_of_the_whole_model_says_what_to_change() -> None:
    with (
        pytest.raises(UsageError, match=r"^The interview date .* after the start .*; fix it\.$"),
        validating({}, "fix it"),
    ):
        PlanRequest(
            roles=[RoleShare(role_id="a", share=1)],
            start=date(2026, 3, 2),
            interview=date(2026, 3, 1),
            hours_per_week=5,
        )


def test_other_errors_pass_through_the_bridge() -> None:
    with pytest.raises(KeyError), validating({}):
        raise KeyError("not a validation error")


def test_review_waits_for_the_lock_and_reports_when_it_cannot(
    invoke: Invoke, short_lock: None
) -> None:
    assert invoke("plan", "aie", "--weeks", "4").exit_code == 0
    lock = hold(reviews_path())
    try:
        result = invoke("review", "ML depth", "--rating", "good")
    finally:
        lock.release()
    one_line_error(result, 1, "Another roleadvisor is updating", "reviews.json")
    assert not reviews_path().exists()
    again = invoke("review", "ML depth", "--rating", "good", "--json")
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["topic"] == "ai-engineer/ml-depth"
    saved = json.loads(reviews_path().read_text(encoding="utf-8"))
    assert "ai-engineer/ml-depth" in saved["topics"]
