"""FSRS reviews through time with a fixed clock: every call is given the day it runs on."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest

from roleadvisor.errors import UsageError
from roleadvisor.kb.study_models import ReviewTuning
from roleadvisor.plan_models import Activity, PrepPlan
from roleadvisor.planner import build_plan
from roleadvisor.progress import progress, streak
from roleadvisor.reviews import (
    Rating,
    ReviewState,
    agenda,
    find_topic,
    next_due,
    record_review,
    retention_on,
    target_retention,
)
from roleadvisor.state.checked import validated
from roleadvisor.state.plain import from_json, to_json
from test_planner import START, make_kb, request

TUNING = make_kb().study.reviews

TOPIC = "role-a/ml-depth"


def make_plan(weeks: int = 6) -> PrepPlan:
    return build_plan(request(interview=START + timedelta(weeks=weeks)), make_kb())


def test_good_pushes_the_next_review_out_and_again_brings_it_back() -> None:
    plan = make_plan(weeks=10)
    state = ReviewState()
    day = START
    gaps = []
    for _ in range(3):
        state, rec = record_review(plan, state, TOPIC, Rating.good, day, TUNING)
        assert rec.next_due is not None
        gaps.append((rec.next_due - day).days)
        day = rec.next_due
    assert gaps[0] >= 1
    assert gaps == sorted(gaps) and gaps[2] > gaps[0]  # each Good waits longer
    before_again = gaps[-1]
    state, rec = record_review(plan, state, TOPIC, Rating.again, day, TUNING)
    assert rec.next_due is not None
    assert (rec.next_due - day).days < before_again
    assert (rec.next_due - day).days <= 2
    assert [r.rating for r in state.topics[TOPIC].history] == [Rating.good] * 3 + [Rating.again]


def test_easy_waits_longer_than_hard() -> None:
    plan = make_plan(weeks=10)
    _, hard = record_review(plan, ReviewState(), TOPIC, Rating.hard, START, TUNING)
    _, easy = record_review(plan, ReviewState(), TOPIC, Rating.easy, START, TUNING)
    assert hard.next_due is not None and easy.next_due is not None
    assert easy.next_due > hard.next_due


def test_nothing_scheduled_after_the_interview() -> None:
    plan = make_plan(weeks=3)
    interview = plan.request.interview
    state = ReviewState()
    day = START
    seen = []
    while day < interview:
        state, rec = record_review(plan, state, TOPIC, Rating.easy, day, TUNING)
        seen.append(rec.next_due)
        if rec.next_due is None:
            break
        assert rec.next_due < interview
        day = rec.next_due
    assert seen[-1] is None  # the last review before the interview schedules nothing more
    # The day before the interview there is nothing left to schedule.
    eve = interview - timedelta(days=1)
    _, last = record_review(plan, ReviewState(), TOPIC, Rating.good, eve, TUNING)
    assert last.next_due is None
    with pytest.raises(UsageError, match="has passed"):
        record_review(plan, state, TOPIC, Rating.good, interview, TUNING)


@pytest.mark.parametrize("days_left", [2, 3, 5, 8, 13])
def test_a_long_interval_is_cut_to_the_eve_of_the_interview(days_left: int) -> None:
    # A well-learnt topic would wait weeks; with the interview nearer than that, the last review
    # falls on the day before it: not on the interview day, not two days early.
    plan = make_plan(weeks=12)
    interview = plan.request.interview
    state = ReviewState()
    first, _ = record_review(plan, state, TOPIC, Rating.easy, START, TUNING)
    second_day = first.topics[TOPIC].next_due
    assert second_day is not None
    state, rec = record_review(plan, first, TOPIC, Rating.easy, second_day, TUNING)
    assert rec.next_due is not None and (rec.next_due - second_day).days > 14  # learnt well
    day = interview - timedelta(days=days_left)
    assert day > second_day
    _, last = record_review(plan, state, TOPIC, Rating.easy, day, TUNING)
    assert last.next_due == interview - timedelta(days=1)


def test_a_fresh_topic_two_days_out_is_reviewed_on_the_eve() -> None:
    plan = make_plan(weeks=4)
    interview = plan.request.interview
    for rating in (Rating.hard, Rating.good, Rating.easy):
        two_days_out = interview - timedelta(days=2)
        _, rec = record_review(plan, ReviewState(), TOPIC, rating, two_days_out, TUNING)
        assert rec.next_due == interview - timedelta(days=1), rating


def test_retention_target_rises_as_the_interview_nears() -> None:
    aim = [target_retention(days, TUNING) for days in (60, 14, 3)]
    assert aim == sorted(aim) and aim[0] < aim[-1]


def test_the_retention_targets_are_the_knowledge_base_s() -> None:
    """study.yaml sets what a review aims for; other steps change the aim and the next date."""
    steps = [{"within_days": 30, "retention": 0.97}]
    changed = ReviewTuning.model_validate(
        {**TUNING.model_dump(), "retention_steps": steps, "base_retention": 0.6}
    )
    assert target_retention(20, TUNING) != target_retention(20, changed) == 0.97
    assert target_retention(60, changed) == 0.6
    plan = make_plan(weeks=10)
    _, usual = record_review(plan, ReviewState(), TOPIC, Rating.good, START, TUNING)
    _, relaxed = record_review(plan, ReviewState(), TOPIC, Rating.good, START, changed)
    assert usual.next_due is not None and relaxed.next_due is not None
    assert relaxed.next_due > usual.next_due  # aiming for less recall waits longer


def test_unknown_topic_is_refused() -> None:
    with pytest.raises(UsageError, match="not a topic"):
        record_review(make_plan(), ReviewState(), "role-z/none", Rating.good, START, TUNING)


def test_agenda_due_and_overdue() -> None:
    plan = make_plan()
    state = ReviewState()
    learn = {s.topic_id: s.day for s in plan.sessions if s.activity is Activity.learn}
    # Before any review, a topic is due on its learning day.
    day = min(learn.values())
    first = agenda(plan, state, day)
    assert {i.topic_id for i in first.due} == {t for t, d in learn.items() if d == day}
    assert first.overdue == []
    assert [s.day for s in first.sessions] == [day] * len(first.sessions)
    # Three days later, unreviewed topics are overdue by the right number of days.
    later = agenda(plan, state, day + timedelta(days=3))
    assert later.overdue
    for item in later.overdue:
        assert item.days_overdue == (day + timedelta(days=3) - learn[item.topic_id]).days
    # A review moves the topic to its FSRS date.
    state, rec = record_review(plan, state, TOPIC, Rating.good, day + timedelta(days=3), TUNING)
    assert TOPIC not in {i.topic_id for i in agenda(plan, state, day + timedelta(days=3)).overdue}
    assert next_due(plan, state, TOPIC) == rec.next_due
    assert rec.next_due is not None
    due_then = agenda(plan, state, rec.next_due)
    assert TOPIC in {i.topic_id for i in due_then.due}


def test_retention_on_interview_day_and_progress() -> None:
    plan = make_plan()
    interview = plan.request.interview
    state = ReviewState()
    assert retention_on(state, TOPIC, interview) is None
    state, _ = record_review(plan, state, TOPIC, Rating.good, START, TUNING)
    once = retention_on(state, TOPIC, interview)
    state, _ = record_review(plan, state, TOPIC, Rating.good, START + timedelta(days=2), TUNING)
    state, _ = record_review(plan, state, TOPIC, Rating.good, START + timedelta(days=3), TUNING)
    thrice = retention_on(state, TOPIC, interview)
    assert once is not None and thrice is not None
    assert 0 < once < thrice < 1
    assert streak(state, START + timedelta(days=3)) == 2
    assert streak(state, START + timedelta(days=4)) == 2  # none yet today: counts to yesterday
    assert streak(state, START + timedelta(days=5)) == 0
    result = progress(
        plan,
        state,
        START + timedelta(days=3),
        [(START, {"salary-awareness": 1}), (START + timedelta(days=3), {"salary-awareness": 3})],
        {"salary-awareness": "Salary awareness", "interview-knowledge": "Interview knowledge"},
    )
    assert result.reviews_done == 3
    assert result.streak == 2
    assert [(d.id, d.first, d.latest) for d in result.dimensions] == [("salary-awareness", 1, 3)]
    row = next(t for t in result.topics if t.topic_id == TOPIC)
    assert row.reviews == 3 and row.retention == pytest.approx(thrice)
    assert all(t.retention is None for t in result.topics if t.topic_id != TOPIC)


@pytest.mark.parametrize("read", [from_json, validated], ids=["as-written", "validated"])
def test_state_round_trips_through_json(
    read: Callable[[type[ReviewState], object], ReviewState],
) -> None:
    plan = make_plan()
    state, _ = record_review(plan, ReviewState(), TOPIC, Rating.hard, START, TUNING)
    again = read(ReviewState, json.loads(json.dumps(to_json(state))))
    assert again == state
    day = START + timedelta(days=5)
    a, rec_a = record_review(plan, state, TOPIC, Rating.good, day, TUNING)
    b, rec_b = record_review(plan, again, TOPIC, Rating.good, day, TUNING)
    assert rec_a == rec_b and a == b


def test_find_topic_by_id_title_or_part() -> None:
    plan = make_plan()
    assert find_topic(plan, "ROLE-A/ML-DEPTH") == TOPIC
    assert find_topic(plan, "MODEL *depth*") == TOPIC
    assert find_topic(plan, "*depth") == TOPIC
    with pytest.raises(UsageError, match="several topics"):
        find_topic(plan, "role-a")
    with pytest.raises(UsageError, match="No topic 'quantum'"):
        find_topic(plan, "quantum")


def _review_story() -> object:
    """Reviews, agenda, retention, streak and progress of one plan, all from given days."""
    plan = make_plan()
    state = ReviewState()
    records = []
    for offset, rating in ((0, Rating.good), (2, Rating.hard), (5, Rating.again), (6, Rating.easy)):
        day = START + timedelta(days=offset)
        state, rec = record_review(plan, state, TOPIC, rating, day, TUNING)
        records.append(rec)
    day = START + timedelta(days=7)
    return (
        records,
        state,
        agenda(plan, state, day),
        retention_on(state, TOPIC, plan.request.interview),
        streak(state, day),
        progress(plan, state, day, [(START, {"salary-awareness": 2})], {}),
    )


def test_no_clock_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same days in, same results out, whatever the machine's clock says: with every clock
    our code or the scheduler could read moved forty years ahead, nothing changes."""
    import datetime as dt
    import sys

    expected = _review_story()

    far = dt.datetime(2066, 7, 1, 8, 0, tzinfo=dt.timezone.utc)

    class FarDatetime(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> FarDatetime:  # type: ignore[override]
            return cls.fromtimestamp(far.timestamp(), tz)

        @classmethod
        def utcnow(cls) -> FarDatetime:  # type: ignore[override]
            return cls.fromtimestamp(far.timestamp())

        @classmethod
        def today(cls) -> FarDatetime:  # type: ignore[override]
            return cls.fromtimestamp(far.timestamp())

    class FarDate(dt.date):
        @classmethod
        def today(cls) -> FarDate:  # type: ignore[override]
            return cls(2066, 7, 1)

    patched = 0
    for name, module in list(sys.modules.items()):
        if module is None or not (name.startswith("roleadvisor") or name.startswith("fsrs")):
            continue
        if getattr(module, "datetime", None) is dt.datetime:
            monkeypatch.setattr(module, "datetime", FarDatetime)
            patched += 1
        if getattr(module, "date", None) is dt.date:
            monkeypatch.setattr(module, "date", FarDate)
            patched += 1
    monkeypatch.setattr("time.time", lambda: far.timestamp())
    assert patched >= 2  # at least our scheduler module and the FSRS library
    assert _review_story() == expected
