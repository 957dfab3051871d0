"""The study planner on a small knowledge base built here, with a fixed start date."""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from helpers import shipped_study
from roleadvisor.errors import InvalidValue, UnknownRoleError, UsageError
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.models import AssessmentFile, Landscape, Role, SkillsFile
from roleadvisor.plan_models import Activity, PlanRequest, PrepPlan, RoleShare, TopicKind
from roleadvisor.plan_topics import build_topics, unstudied_gaps
from roleadvisor.planner import build_plan

START = date(2026, 3, 2)

ROUNDS_A: list[tuple[str, str, int]] = [
    ("coding-1", "Algorithms | arrays", 3),
    ("ml-depth", "Model *depth*", 5),
    ("system-design", "Designing `pipelines`", 4),
    ("behavioral", "Stories <team>", 1),
]
ROUNDS_B: list[tuple[str, str, int]] = [
    ("phone-screen", "Screen on [basics]", 2),
    ("system-design", "Product_design", 5),
    ("unique", "Demo day", 3),
]


def _role(role_id: str, name: str, rounds: list[tuple[str, str, int]]) -> dict[str, Any]:
    return {
        "id": role_id,
        "name": name,
        "tier": "engineering",
        "tier_provenance": "doc",
        "status_provenance": "editorial",
        "summary": {"text": f"{name} builds things.", "source": "doc"},
        "day_to_day": {"items": ["Ship work"], "source": "doc"},
        "skills": {"items": ["alpha", "beta"], "source": "doc"},
        "loop": {
            "emphasis": {"text": f"{name} loops lean on design.", "source": "doc"},
            "rounds": [
                {
                    "kind": kind,
                    "title": title,
                    "tests": f"Tests {title.lower()} with alpha work | and more",
                    "source": "doc",
                    "emphasis": emphasis,
                    "emphasis_provenance": "editorial",
                    "study": [f"Study {title}", "Practise out loud"],
                    "skip": ["Trivia"],
                    "advice_source": "ed",
                }
                for kind, title, emphasis in rounds
            ],
        },
        "pay": [
            {
                "label": f"{name} L5",
                "basis": "total-comp",
                "low": 200000,
                "high": 300000,
                "source": "doc",
            }
        ],
    }


def make_kb(directory: Path | None = None) -> KnowledgeBase:
    landscape = Landscape.model_validate(
        {
            "sources": [
                {
                    "id": "doc",
                    "title": "A handbook",
                    "kind": "document",
                    "file": "000.txt",
                    "as_of": "2026",
                },
                {"id": "ed", "title": "Editorial", "kind": "editorial", "as_of": "2026"},
            ],
            "tiers": [
                {"id": t, "name": t.title(), "purpose": {"text": "Purpose.", "source": "doc"}}
                for t in ("research", "engineering", "infrastructure", "safety", "application")
            ],
            "sectors": [{"id": "faang", "name": "FAANG"}],
            "round_kinds": [
                {"id": k, "name": k.replace("-", " ").capitalize()}
                for k in (
                    "phone-screen",
                    "coding-1",
                    "coding-2",
                    "ml-depth",
                    "system-design",
                    "behavioral",
                    "unique",
                )
            ],
            "market": {"title": "Market", "sample": {"text": "Postings.", "source": "doc"}},
            "trends": [{"text": "Demand is rising.", "source": "doc"}],
            "pay_headline": {
                "id": "l5-us-tc",
                "label": "L5 US total comp",
                "level": "l5",
                "basis": "total-comp",
                "market": ["US"],
                "ranges_id": "us-pay",
                "ranges_label": "US pay ranges",
                "source": "doc",
            },
        }
    )
    skills = SkillsFile.model_validate(
        {
            "categories": [{"id": "ml", "name": "Machine learning"}],
            "skills": [
                {"id": "alpha", "name": "Alpha", "category": "ml", "keywords": ["alpha"]},
                {"id": "beta", "name": "Beta", "category": "ml", "keywords": ["zzz"]},
            ],
            "backgrounds": [{"id": "swe", "name": "Software engineer", "skills": ["alpha"]}],
        }
    )
    assessment = AssessmentFile.model_validate(
        {
            "dimensions": [
                {
                    "id": dim,
                    "name": dim.replace("-", " ").capitalize(),
                    "question": f"How is your {dim}?",
                    "anchors": [
                        {"score": 1, "text": "Low"},
                        {"score": 3, "text": "Middle"},
                        {"score": 5, "text": "High"},
                    ],
                    "material": [material],
                    "source": "doc",
                }
                for dim, material in (("salary-awareness", "pay"), ("interview-knowledge", "loop"))
            ],
            "bands": [{"id": "all", "low": 2, "high": 10, "advice": "Read.", "source": "doc"}],
            "checkpoints": [
                {"day": d, "task": f"Checkpoint task {d}", "source": "doc"}
                for d in (0, 3, 7, 14, 21)
            ],
        }
    )
    roles = (
        Role.model_validate(_role("role-a", "Role A", ROUNDS_A)),
        Role.model_validate(_role("role-b", "Role B", ROUNDS_B)),
    )
    return KnowledgeBase(
        directory=directory or Path("."),
        roles=roles,
        landscape=landscape,
        skills_file=skills,
        assessment=assessment,
        extras=shipped_study(),
    )


def request(**overrides: Any) -> PlanRequest:
    values: dict[str, Any] = {
        "roles": [RoleShare(role_id="role-a", share=1.0)],
        "start": START,
        "interview": START + timedelta(weeks=6),
        "hours_per_week": 8,
    }
    values.update(overrides)
    return PlanRequest(**values)


def week_of(day: date) -> int:
    return (day - START).days // 7


# --- topics --------------------------------------------------------------------------------


def test_round_topics_weighted_by_emphasis_and_share() -> None:
    kb = make_kb()
    shares = [RoleShare(role_id="role-a", share=0.6), RoleShare(role_id="role-b", share=0.4)]
    topics = build_topics(request(roles=shares), kb)
    by_id = {t.id: t for t in topics}
    assert by_id["role-a/ml-depth"].weight == pytest.approx(5 * 0.6)
    assert by_id["role-b/system-design"].weight == pytest.approx(5 * 0.4)
    assert by_id["role-a/behavioral"].weight == pytest.approx(0.6)
    weights = [t.weight for t in topics]
    assert weights == sorted(weights, reverse=True)
    assert by_id["role-a/ml-depth"].study == ["Study Model *depth*", "Practise out loud"]


def test_a_skill_gap_is_studied_in_the_heaviest_round_that_mentions_it() -> None:
    kb = make_kb()
    req = request(skill_gaps={"role-a": ["alpha", "beta"]})
    topics = build_topics(req, kb)
    by_id = {t.id: t for t in topics}
    # "alpha" appears in every round's text: the heaviest of them, ml-depth, covers it, and
    # no second topic of the same subject is scheduled.
    assert by_id["role-a/ml-depth"].covers == ["Alpha"]
    assert [t.id for t in topics if t.covers] == ["role-a/ml-depth"]
    assert not any(t.kind is TopicKind.skill for t in topics)
    # "beta" is mentioned nowhere: there is nothing to study for it, so it is reported
    assert unstudied_gaps(req, kb) == ["Beta"]
    assert build_plan(req, kb).unstudied_gaps == ["Beta"]


def test_weak_dimensions_bring_their_material() -> None:
    kb = make_kb()
    topics = build_topics(
        request(
            weak_dimensions=["salary-awareness", "interview-knowledge"],
            ratings={"salary-awareness": 1, "interview-knowledge": 2},
        ),
        kb,
    )
    by_id = {t.id: t for t in topics}
    pay = by_id["dimension/salary-awareness"]
    assert any("Role A L5: $200,000–$300,000" in s for s in pay.study)
    loop = by_id["dimension/interview-knowledge"]
    assert any("Role A loop" in s and "Model *depth*" in s for s in loop.study)
    assert pay.weight > loop.weight  # the lower rating weighs more
    assert "High" in pay.tests


def test_unknown_inputs_are_usage_errors() -> None:
    kb = make_kb()
    with pytest.raises(UnknownRoleError):
        build_plan(request(roles=[RoleShare(role_id="nope", share=1)]), kb)
    with pytest.raises(UsageError, match="skill 'gamma'"):
        build_plan(request(skill_gaps={"role-a": ["gamma"]}), kb)
    with pytest.raises(UsageError, match="dimension 'focus'"):
        build_plan(request(weak_dimensions=["focus"]), kb)
    with pytest.raises(InvalidValue, match="must be after the start"):
        request(interview=START)
    with pytest.raises(InvalidValue, match="must be more than 0"):
        request(hours_per_week=0)


# --- the schedule --------------------------------------------------------------------------


@pytest.mark.parametrize("hours", [3, 5, 8, 12.5, 30])
@pytest.mark.parametrize("weeks", [2, 4, 9])
def test_hours_never_exceeded(hours: float, weeks: int) -> None:
    req = request(
        roles=[RoleShare(role_id="role-a", share=0.5), RoleShare(role_id="role-b", share=0.5)],
        skill_gaps={"role-a": ["alpha"], "role-b": ["beta"]},
        weak_dimensions=["salary-awareness"],
        interview=START + timedelta(weeks=weeks, days=3),
        hours_per_week=hours,
    )
    plan = build_plan(req, make_kb())
    per_week: dict[int, int] = defaultdict(int)
    for s in plan.sessions:
        assert START <= s.day < req.interview
        per_week[week_of(s.day)] += s.minutes
    weekly = round(hours * 60)
    for w, used in per_week.items():
        days = min(7, req.days - 7 * w)
        assert used <= weekly * days // 7, f"week {w + 1}: {used} min"
    assert [w.used for w in plan.weeks] == [per_week[i] for i in range(len(plan.weeks))]


def test_new_material_front_loaded_and_reviews_spaced() -> None:
    kb = make_kb()
    plan = build_plan(request(skill_gaps={"role-a": ["alpha"]}), kb)
    assert plan.fits
    learn_days = {s.topic_id: s.day for s in plan.sessions if s.activity is Activity.learn}
    assert set(learn_days) == {t.id for t in plan.topics}
    # Every learning session lands in the first week, the heaviest topic's in its first days.
    assert max(learn_days.values()) < START + timedelta(days=7)
    assert learn_days[plan.topics[0].id] <= START + timedelta(days=1)
    first_practice = min(s.day for s in plan.sessions if s.activity is Activity.practice)
    assert first_practice > min(learn_days.values())
    for topic in plan.topics:
        reviews = [s.day for s in plan.sessions_of(topic.id) if s.activity is Activity.review]
        assert len(reviews) >= 3, topic.id
        spaced = [learn_days[topic.id], *reviews[:-1]]  # the last is the final-week review
        gaps = [(b - a).days for a, b in itertools.pairwise(spaced)]
        nominal_gaps = kb.study.plan.review_gaps
        assert all(g >= n for g, n in zip(gaps, nominal_gaps, strict=False)), (topic.id, gaps)
        assert gaps == sorted(gaps), (topic.id, gaps)  # intervals grow
        assert reviews[-1] > spaced[-1]


def test_every_topic_reviewed_in_final_week() -> None:
    for weeks, hours in [(1, 20), (3, 6), (6, 8), (12, 4)]:
        req = request(
            roles=[RoleShare(role_id="role-a", share=0.7), RoleShare(role_id="role-b", share=0.3)],
            interview=START + timedelta(weeks=weeks),
            hours_per_week=hours,
        )
        kb = make_kb()
        plan = build_plan(req, kb)
        final_first = req.interview - timedelta(days=kb.study.plan.final_week_days)
        for topic in plan.topics:
            finals = [
                s
                for s in plan.sessions_of(topic.id)
                if s.activity is Activity.review and final_first <= s.day < req.interview
            ]
            assert finals, (weeks, hours, topic.id)
            learn = next(s for s in plan.sessions_of(topic.id) if s.activity is Activity.learn)
            assert finals[-1].day > learn.day


def test_checkpoints_on_their_days() -> None:
    plan = build_plan(request(), make_kb())
    days = [(s.day - START).days for s in plan.sessions if s.activity is Activity.checkpoint]
    assert days == [0, 3, 7, 14, 21]
    first = next(s for s in plan.sessions if s.activity is Activity.checkpoint)
    assert first.detail == "Day 0: Checkpoint task 0"
    short = build_plan(request(interview=START + timedelta(days=10)), make_kb())
    assert [(s.day - START).days for s in short.sessions if s.activity is Activity.checkpoint] == [
        0,
        3,
        7,
    ]


def test_practice_uses_spare_hours() -> None:
    plan = build_plan(request(hours_per_week=10), make_kb())
    assert any(s.activity is Activity.practice for s in plan.sessions)
    for week in plan.weeks:
        assert week.budget - week.used < 30 + 25  # less than one more session left unused
    heavy = sum(
        s.minutes for s in plan.sessions_of("role-a/ml-depth") if s.activity is Activity.practice
    )
    light = sum(
        s.minutes for s in plan.sessions_of("role-a/behavioral") if s.activity is Activity.practice
    )
    assert heavy > light


def test_impossible_fit_reports_what_was_dropped_and_by_how_much() -> None:
    req = request(
        roles=[RoleShare(role_id="role-a", share=0.5), RoleShare(role_id="role-b", share=0.5)],
        interview=START + timedelta(days=9),
        hours_per_week=2,
    )
    plan = build_plan(req, make_kb())
    assert not plan.fits
    assert plan.dropped
    kept = {t.title for t in plan.topics}
    assert not kept & set(plan.dropped)
    assert plan.shortfall_minutes > 0
    text = plan.shortfall_text()
    assert f"{len(plan.dropped)} topics did not fit" in text
    assert f"{plan.shortfall_minutes / 60:.1f} h more" in text
    # The heaviest topics are the ones kept.
    all_topics = build_topics(req, make_kb())
    assert [t.title for t in all_topics[: len(kept)]] == [t.title for t in plan.topics]


def test_one_day_plan_fits_nothing() -> None:
    plan = build_plan(request(interview=START + timedelta(days=1)), make_kb())
    assert plan.topics == []
    assert len(plan.dropped) == len(ROUNDS_A)
    assert [s.activity for s in plan.sessions] == [Activity.checkpoint]


def test_totals_add_up() -> None:
    plan = build_plan(request(), make_kb())
    totals = plan.totals()
    assert sum(t.minutes for t in totals) == sum(s.minutes for s in plan.sessions)
    assert sum(t.sessions for t in totals) == len(plan.sessions)
    assert totals[-1].title == "Checkpoints"


def test_session_lengths_and_review_gaps_are_the_knowledge_base_s() -> None:
    """study.yaml sets the plan's session lengths and review gaps: other values, other plan."""
    kb = make_kb()
    tuning = kb.study.plan.model_copy(
        update={"practice_minutes": 45, "checkpoint_minutes": 25, "review_gaps": [5, 11]}
    )
    changed = dataclasses.replace(
        kb, extras={"study.yaml": kb.study.model_copy(update={"plan": tuning})}
    )
    req = request(interview=START + timedelta(weeks=8))
    usual, other = build_plan(req, kb), build_plan(req, changed)

    def minutes(plan: PrepPlan, activity: Activity) -> set[int]:
        return {s.minutes for s in plan.sessions if s.activity is activity}

    assert minutes(usual, Activity.practice) == {30} and minutes(other, Activity.practice) == {45}
    assert minutes(other, Activity.checkpoint) == {25} != minutes(usual, Activity.checkpoint)
    topic = other.topics[0].id
    days = [s.day for s in other.sessions_of(topic) if s.activity is not Activity.practice]
    assert (days[1] - days[0]).days >= 5 and (days[2] - days[1]).days >= 11
