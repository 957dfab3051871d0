"""Where the person stands: self-ratings first and latest, reviews done, the streak, what is
due, and each topic's estimated recall on interview day (`roleadvisor progress`).

Pure, like the reviews it reports on (roleadvisor.reviews): the day is passed in.
"""

from __future__ import annotations

from datetime import date, timedelta

from roleadvisor.plan_models import PrepPlan
from roleadvisor.reviews import ReviewState, agenda, next_due, retention_on
from roleadvisor.state.plain import Plain


def reviews_done(state: ReviewState) -> int:
    return sum(len(t.history) for t in state.topics.values())


def streak(state: ReviewState, today: date) -> int:
    """Consecutive days with a review, ending today (or yesterday, if none yet today)."""
    days = {r.day for t in state.topics.values() for r in t.history}
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


class DimensionChange(Plain):
    id: str
    name: str
    first: int
    latest: int


class TopicProgress(Plain):
    topic_id: str
    title: str
    reviews: int
    next_due: date | None
    retention: float | None  # estimated recall on interview day


class Progress(Plain):
    today: date
    interview: date
    assessed: list[date]
    dimensions: list[DimensionChange]
    reviews_done: int
    streak: int
    due_today: int
    overdue: int
    topics: list[TopicProgress]


def progress(
    plan: PrepPlan,
    state: ReviewState,
    today: date,
    assessments: list[tuple[date, dict[str, int]]],
    dimension_names: dict[str, str],
) -> Progress:
    """Where the person stands: ratings first and latest, reviews, streak, what is due, and
    each topic's estimated recall on interview day."""
    dims: list[DimensionChange] = []
    if assessments:
        first, latest = assessments[0][1], assessments[-1][1]
        for dim_id, name in dimension_names.items():
            if dim_id in first and dim_id in latest:
                dims.append(
                    DimensionChange(
                        id=dim_id, name=name, first=first[dim_id], latest=latest[dim_id]
                    )
                )
    day = agenda(plan, state, today)
    interview = plan.request.interview
    topics = [
        TopicProgress(
            topic_id=t.id,
            title=t.title,
            reviews=len(state.topics[t.id].history) if t.id in state.topics else 0,
            next_due=next_due(plan, state, t.id),
            retention=retention_on(state, t.id, interview),
        )
        for t in plan.topics
    ]
    return Progress(
        today=today,
        interview=interview,
        assessed=[d for d, _ in assessments],
        dimensions=dims,
        reviews_done=reviews_done(state),
        streak=streak(state, today),
        due_today=len(day.due),
        overdue=len(day.overdue),
        topics=topics,
    )
