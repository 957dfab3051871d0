"""Turn target roles, skill gaps and weak self-assessment dimensions into a dated study plan.

Pure: it takes a PlanRequest and the knowledge base and returns a PrepPlan; it never reads the
clock or a file. The shape of the schedule:

* topics come from the loop rounds of each target role, the person's skill gaps and their weak
  self-assessment dimensions, each weighted by how much the loop leans on it;
* the handbook's checkpoints sit on their fixed days from the start;
* topics are placed heaviest first: a learning session as early as the hours allow, then a
  review in the final week before the interview (every topic gets one), then spaced reviews at
  growing gaps in between, then practice sessions fill what is left of each week's hours;
* a topic whose learning session and final review cannot both fit is dropped and reported.

The gaps, session lengths and what counts as a weak rating are study.yaml's (`kb.study.plan`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from roleadvisor.errors import UsageError
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.plan_models import (
    Activity,
    PlanRequest,
    PrepPlan,
    RoleShare,
    Session,
    Topic,
    WeekSummary,
)
from roleadvisor.plan_topics import build_topics, learn_minutes, review_minutes, unstudied_gaps

if TYPE_CHECKING:
    from roleadvisor.assessment import SavedAssessment


# --- the request -------------------------------------------------------------------------------


def plan_request(
    kb: KnowledgeBase,
    names: list[str],
    saved: SavedAssessment | None,
    decoded_gaps: list[str],
    start: date,
    interview: date,
    hours: float,
) -> PlanRequest:
    """The planner's input: named roles (equal shares) or the latest recommendation, with the
    saved gaps, the skills `decode` found lacking (for the primary role) and weak dimensions."""
    if not names and saved is None:
        raise UsageError(
            "No saved assessment: run `roleadvisor assess` first, or name a role "
            f"(for example `roleadvisor plan {kb.roles[0].id}`)."
        )
    if names:
        ids = list(dict.fromkeys(kb.role(n).id for n in names))
        shares = [RoleShare(role_id=i, share=1 / len(ids)) for i in ids]
    else:
        assert saved is not None
        rec = saved.recommendation
        ids = rec.focus_roles()
        split = rec.dual_track.split if rec.dual_track else {}
        shares = [RoleShare(role_id=i, share=split.get(i, 1 / len(ids))) for i in ids]
    if saved is None:
        return PlanRequest(roles=shares, start=start, interview=interview, hours_per_week=hours)
    profile = saved.profile
    known = saved.recommendation.gaps
    gaps = {
        i: known[i]
        if i in known
        else [s for s in kb.role(i).skills.items if s not in profile.skills]
        for i in ids
    }
    for skill in decoded_gaps:
        if skill in kb.skills and skill not in profile.skills and skill not in gaps[ids[0]]:
            gaps[ids[0]] = [*gaps[ids[0]], skill]
    ratings = dict(profile.ratings)
    weak = kb.study.plan.weak_rating
    dual = saved.recommendation.dual_track
    return PlanRequest(
        roles=shares,
        skill_gaps=gaps,
        ratings=ratings,
        weak_dimensions=[d for d, r in ratings.items() if r <= weak],
        background=profile.background,
        recommended=[(f.role, f.score) for f in saved.recommendation.top],
        why=dual.why if dual and not names else None,
        assessed_on=saved.today,  # the day it was taken for (taken_at is UTC)
        start=start,
        interview=interview,
        hours_per_week=hours,
    )


# --- the schedule ------------------------------------------------------------------------------


class _Calendar:
    """Minutes used per day and per week, against the week's budget and a daily cap."""

    def __init__(self, request: PlanRequest, day_cap: int) -> None:
        self.start = request.start
        self.last = request.interview - timedelta(days=1)
        weekly = round(request.hours_per_week * 60)
        self.budgets: list[int] = []
        for first in range(0, request.days, 7):
            length = min(7, request.days - first)
            self.budgets.append(weekly * length // 7)  # a short last week gets its share
        self.day_cap = day_cap
        self.used_day: dict[date, int] = defaultdict(int)
        self.used_week: list[int] = [0] * len(self.budgets)

    def week(self, day: date) -> int:
        return (day - self.start).days // 7

    def free(self, day: date) -> int:
        w = self.week(day)
        return min(self.day_cap - self.used_day[day], self.budgets[w] - self.used_week[w])

    def take(self, day: date, minutes: int) -> None:
        self.used_day[day] += minutes
        self.used_week[self.week(day)] += minutes

    def release(self, day: date, minutes: int) -> None:
        self.used_day[day] -= minutes
        self.used_week[self.week(day)] -= minutes

    def days(self, first: date, last: date) -> list[date]:
        first, last = max(first, self.start), min(last, self.last)
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def build_plan(request: PlanRequest, kb: KnowledgeBase) -> PrepPlan:
    tuning = kb.study.plan
    topics = build_topics(request, kb)
    weekly = round(request.hours_per_week * 60)
    longest = max((learn_minutes(t.weight) for t in topics), default=tuning.checkpoint_minutes)
    cal = _Calendar(request, day_cap=max(math.ceil(weekly / 5), longest))
    sessions: list[Session] = []

    def add(day: date, activity: Activity, topic: Topic | None, minutes: int, detail: str) -> None:
        cal.take(day, minutes)
        sessions.append(
            Session(
                day=day,
                week=cal.week(day) + 1,
                activity=activity,
                topic_id=topic.id if topic else None,
                title=topic.title if topic else "Checkpoint",
                minutes=minutes,
                detail=detail,
            )
        )

    # Checkpoints keep their day when they can; otherwise the next free day before the next one.
    dropped_checkpoints: list[int] = []
    checkpoints = kb.assessment.checkpoints
    for i, cp in enumerate(checkpoints):
        day = request.start + timedelta(days=cp.day)
        if day > cal.last:
            continue
        until = (
            request.start + timedelta(days=checkpoints[i + 1].day - 1)
            if i + 1 < len(checkpoints)
            else cal.last
        )
        minutes = tuning.checkpoint_minutes
        slot = next((d for d in cal.days(day, until) if cal.free(d) >= minutes), None)
        if slot is None:
            dropped_checkpoints.append(cp.day)
        else:
            add(slot, Activity.checkpoint, None, minutes, f"Day {cp.day}: {cp.task}")

    final_first = max(request.start, request.interview - timedelta(days=tuning.final_week_days))
    placed: dict[str, tuple[date, date]] = {}
    dropped: list[Topic] = []
    for topic in topics:
        learn, review = learn_minutes(topic.weight), review_minutes(topic.weight)
        learn_day = next(
            (
                d
                for d in cal.days(request.start, cal.last - timedelta(days=1))
                if cal.free(d) >= learn
            ),
            None,
        )
        if learn_day is None:
            dropped.append(topic)
            continue
        cal.take(learn_day, learn)
        window = cal.days(max(final_first, learn_day + timedelta(days=1)), cal.last)
        # Spread final reviews: the freest day of the final week, the later on a tie.
        final_day = max(window, key=lambda d: (cal.free(d), d), default=None)
        fits = final_day is not None and cal.free(final_day) >= review
        cal.release(learn_day, learn)
        if final_day is None or not fits:
            dropped.append(topic)
            continue
        add(learn_day, Activity.learn, topic, learn, "Study: " + " ".join(topic.study))
        add(final_day, Activity.review, topic, review, _review_detail(topic, final=True))
        placed[topic.id] = (learn_day, final_day)

    skipped = 0
    for topic in topics:
        if topic.id not in placed:
            continue
        previous, final_day = placed[topic.id]
        review = review_minutes(topic.weight)
        last_gap = 0
        for nominal in tuning.review_gaps:
            # A review pushed back by a full day keeps the next gap at least as long.
            target = previous + timedelta(days=max(nominal, last_gap))
            if target >= final_day:
                break
            slot = next(
                (
                    d
                    for d in cal.days(target, final_day - timedelta(days=1))
                    if cal.free(d) >= review
                ),
                None,
            )
            if slot is None:
                skipped += 1
                break
            add(slot, Activity.review, topic, review, _review_detail(topic, final=False))
            last_gap, previous = (slot - previous).days, slot

    _fill_practice(cal, topics, placed, sessions, add, tuning.practice_minutes)

    sessions.sort(key=lambda s: (s.day, s.activity != Activity.checkpoint, s.title))
    weeks = [
        WeekSummary(
            number=w + 1,
            first=request.start + timedelta(days=7 * w),
            last=min(request.start + timedelta(days=7 * w + 6), cal.last),
            budget=budget,
            used=cal.used_week[w],
        )
        for w, budget in enumerate(cal.budgets)
    ]
    shortfall = sum(learn_minutes(t.weight) + review_minutes(t.weight) for t in dropped)
    return PrepPlan(
        request=request,
        topics=[t for t in topics if t.id in placed],
        sessions=sessions,
        weeks=weeks,
        dropped=[t.title for t in dropped],
        unstudied_gaps=unstudied_gaps(request, kb),
        dropped_checkpoints=dropped_checkpoints,
        shortfall_minutes=shortfall,
        skipped_reviews=skipped,
    )


def _review_detail(topic: Topic, final: bool) -> str:
    lead = "Final pass before the interview" if final else "Recall without notes, then check"
    return f"{lead}: {topic.tests}" if topic.tests else lead + "."


def _fill_practice(
    cal: _Calendar,
    topics: list[Topic],
    placed: dict[str, tuple[date, date]],
    sessions: list[Session],
    add: Callable[[date, Activity, Topic | None, int, str], None],
    minutes: int,
) -> None:
    """Spend the hours left in each week on practice sessions of `minutes`, shared out by
    weight."""
    busy = {(s.day, s.topic_id) for s in sessions}
    practised: dict[str, int] = defaultdict(int)
    live = [t for t in topics if t.id in placed]
    for day in cal.days(cal.start, cal.last):
        while cal.free(day) >= minutes:
            ready = [t for t in live if placed[t.id][0] < day and (day, t.id) not in busy]
            if not ready:
                break
            topic = min(ready, key=lambda t: (practised[t.id] / t.weight, -t.weight))
            detail = "Practise: " + (topic.study[0] if topic.study else topic.title)
            add(day, Activity.practice, topic, minutes, detail)
            busy.add((day, topic.id))
            practised[topic.id] += minutes
