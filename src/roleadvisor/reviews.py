"""Adaptive reviews: one FSRS card per plan topic, rescheduled by how each review went.

Pure: every function takes the day it runs on. Reviews are anchored at noon UTC of that day,
so intervals are whole days whatever the time zone. The scheduler is rebuilt for each review
so that the longest interval never reaches past the interview and the target retention rises
as the interview nears (by the steps of study.yaml, `kb.study.reviews`). What is due today
is the agenda here; the summary across reviews is roleadvisor.progress.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timezone
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal

from roleadvisor.errors import UsageError
from roleadvisor.plan_models import Activity, PrepPlan, Session
from roleadvisor.state.plain import Plain, replace, to_json

if TYPE_CHECKING:
    from roleadvisor.kb.study_models import ReviewTuning

MIN_YEAR, MAX_YEAR = 1900, 9000  # saved review dates outside these are damage, not reviews


class Rating(str, Enum):
    again = "again"
    hard = "hard"
    good = "good"
    easy = "easy"


class ReviewRecord(Plain):
    day: date
    rating: Rating
    next_due: date | None  # None: no further review before the interview


class CardData(Plain):
    """An FSRS card as saved (the fields of `fsrs.Card.to_dict`), checked when built so that
    a damaged reviews.json is reported rather than failing inside the scheduler."""

    card_id: int
    state: Literal[1, 2, 3]  # fsrs State: learning, review, relearning
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime
    last_review: datetime | None = None

    def __post_init__(self) -> None:
        if self.step is not None and self.step < 0:
            raise ValueError(f"step must be 0 or more, not {self.step}")
        if self.stability is not None and not (
            math.isfinite(self.stability) and self.stability > 0
        ):
            raise ValueError(f"stability must be a number above 0, not {self.stability}")
        if self.difficulty is not None and not (
            math.isfinite(self.difficulty) and 1 <= self.difficulty <= 10
        ):
            raise ValueError(f"difficulty must be a number from 1 to 10, not {self.difficulty}")
        for moment in (self.due, self.last_review):
            if moment is None:
                continue
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise ValueError(f"{moment} has no time zone")
            if not MIN_YEAR <= moment.year < MAX_YEAR:
                raise ValueError(f"{moment.date()} is not a date a review can have")

    @classmethod
    def of(cls, card: Any) -> CardData:
        """The saved form of an fsrs Card (`to_dict` gives its times as ISO text)."""
        data = card.to_dict()
        last = data.get("last_review")
        return cls(
            **{
                **data,
                "due": datetime.fromisoformat(data["due"]),
                "last_review": datetime.fromisoformat(last) if last else None,
            }
        )

    def to_fsrs(self) -> Any:
        from fsrs import Card

        return Card.from_dict(to_json(self))


class TopicState(Plain):
    card: CardData
    history: list[ReviewRecord] = []

    @property
    def next_due(self) -> date | None:
        return self.history[-1].next_due if self.history else None


class ReviewState(Plain):
    version: int = 1
    topics: dict[str, TopicState] = {}
    checkpoints_done: list[date] = []  # days of checkpoints done


class DueItem(Plain):
    topic_id: str
    title: str
    due: date
    days_overdue: int
    reviewed: bool


class Agenda(Plain):
    today: date
    days_left: int
    due: list[DueItem]
    overdue: list[DueItem]
    sessions: list[Session]  # the plan's study sessions for today
    checkpoints: list[Session] = []  # checkpoints due today or earlier and not yet done


def _anchor(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=timezone.utc)


def target_retention(days_left: int, tuning: ReviewTuning) -> float:
    """The recall a review aims for with `days_left` before the interview (study.yaml)."""
    for step in tuning.retention_steps:
        if days_left <= step.within_days:
            return step.retention
    return tuning.base_retention


def _scheduler(days_left: int, tuning: ReviewTuning) -> Any:
    from fsrs import Scheduler

    # No sub-day learning steps (a study plan works in days) and no fuzz (reproducible dates).
    return Scheduler(
        desired_retention=target_retention(days_left, tuning),
        maximum_interval=max(1, days_left - 1),
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
    )


def record_review(
    plan: PrepPlan,
    state: ReviewState,
    topic_id: str,
    rating: Rating,
    today: date,
    tuning: ReviewTuning,
) -> tuple[ReviewState, ReviewRecord]:
    """Rate a review of `topic_id` done on `today`, aiming for the recall `tuning` sets;
    returns the new state and the record."""
    from fsrs import Card
    from fsrs import Rating as FsrsRating

    if plan.topic(topic_id) is None:
        raise UsageError(f"'{topic_id}' is not a topic of the current plan.")
    interview = plan.request.interview
    if today >= interview:
        raise UsageError(f"The interview date {interview} has passed; make a new plan first.")
    days_left = (interview - today).days
    previous = state.topics.get(topic_id)
    card = previous.card.to_fsrs() if previous else Card(card_id=1, due=_anchor(today))
    fsrs_rating = {
        Rating.again: FsrsRating.Again,
        Rating.hard: FsrsRating.Hard,
        Rating.good: FsrsRating.Good,
        Rating.easy: FsrsRating.Easy,
    }[rating]
    card, _ = _scheduler(days_left, tuning).review_card(card, fsrs_rating, _anchor(today))
    due: date | None = card.due.date()
    if days_left <= 1 or due is None or due >= interview:
        due = None  # the interview is next: nothing more to schedule
    record = ReviewRecord(day=today, rating=rating, next_due=due)
    history = [*(previous.history if previous else []), record]
    topics = {
        **state.topics,
        topic_id: TopicState(card=CardData.of(card), history=history),
    }
    return ReviewState(version=state.version, topics=topics), record


def next_due(plan: PrepPlan, state: ReviewState, topic_id: str) -> date | None:
    """When the topic is next due: its FSRS date once reviewed, else its first session."""
    current = state.topics.get(topic_id)
    if current is not None and current.history:
        return current.next_due
    first = next((s.day for s in plan.sessions_of(topic_id)), None)
    return first


def agenda(plan: PrepPlan, state: ReviewState, today: date) -> Agenda:
    due: list[DueItem] = []
    overdue: list[DueItem] = []
    # from the interview day on, nothing is due: a review can no longer be recorded
    topics = plan.topics if today < plan.request.interview else []
    for topic in topics:
        when = next_due(plan, state, topic.id)
        if when is None or when > today or when >= plan.request.interview:
            continue
        item = DueItem(
            topic_id=topic.id,
            title=topic.title,
            due=when,
            days_overdue=(today - when).days,
            reviewed=topic.id in state.topics,
        )
        (due if when == today else overdue).append(item)
    overdue.sort(key=lambda i: (i.due, i.title))
    return Agenda(
        today=today,
        days_left=(plan.request.interview - today).days,
        due=due,
        overdue=overdue,
        sessions=[
            s for s in plan.sessions if s.day == today and s.activity is not Activity.checkpoint
        ],
        checkpoints=pending_checkpoints(plan, state, today),
    )


def pending_checkpoints(plan: PrepPlan, state: ReviewState, today: date) -> list[Session]:
    """The plan's checkpoints on or before `today` that have not been marked done."""
    done = set(state.checkpoints_done)
    return [
        s
        for s in plan.sessions
        if s.activity is Activity.checkpoint and s.day <= today and s.day not in done
    ]


def mark_checkpoint(plan: PrepPlan, state: ReviewState, today: date) -> tuple[ReviewState, Session]:
    """Mark the earliest pending checkpoint done (what `review checkpoint` records)."""
    pending = pending_checkpoints(plan, state, today)
    if not pending:
        raise UsageError("No checkpoint is due; `roleadvisor today` shows what is.")
    first = pending[0]
    done = sorted({*state.checkpoints_done, first.day})
    return replace(state, checkpoints_done=done), first


def retention_on(state: ReviewState, topic_id: str, day: date) -> float | None:
    """Estimated chance of recalling the topic on `day` (None: never reviewed)."""
    from fsrs import Scheduler

    current = state.topics.get(topic_id)
    if current is None:
        return None
    card = current.card.to_fsrs()
    return float(Scheduler().get_card_retrievability(card, _anchor(day)))


def find_topic(plan: PrepPlan, name: str) -> str:
    """A topic id from its id, title or an unambiguous part of either (any case)."""
    key = name.strip().lower()
    exact = [t.id for t in plan.topics if key in (t.id.lower(), t.title.lower())]
    if exact:
        return exact[0]
    partial = [t.id for t in plan.topics if key in t.id.lower() or key in t.title.lower()]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise UsageError(f"'{name}' matches several topics: {', '.join(partial[:5])}; be specific.")
    raise UsageError(
        f"No topic '{name}' in the current plan; run `roleadvisor today` to list them."
    )
