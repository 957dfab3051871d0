"""The study plan's models: what the planner is asked (PlanRequest) and what it returns
(PrepPlan, its topics, sessions and weekly totals)."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from enum import Enum

from roleadvisor.errors import InvalidValue
from roleadvisor.labels import plural
from roleadvisor.state.plain import Plain

MAX_WEEKLY_HOURS = 168  # the hours of a week


class Activity(str, Enum):
    learn = "learn"
    review = "review"
    practice = "practice"
    checkpoint = "checkpoint"


class TopicKind(str, Enum):
    round = "round"
    skill = "skill"
    dimension = "dimension"


# The furthest a plan reaches: a day-by-day schedule beyond two years is no plan anyone keeps.
MAX_HORIZON_WEEKS = 104
MAX_HORIZON_DAYS = MAX_HORIZON_WEEKS * 7
HORIZON = f"2 years ({MAX_HORIZON_WEEKS} weeks)"


class RoleShare(Plain):
    role_id: str
    share: float  # share of the study time for this role

    def __post_init__(self) -> None:
        if not 0 < self.share <= 1:  # NaN fails too
            raise InvalidValue("share", f"must be more than 0 and at most 1, not {self.share:g}")


class PlanRequest(Plain):
    """Everything the planner needs, independent of how the assessment is stored."""

    roles: list[RoleShare]  # at least one
    skill_gaps: dict[str, list[str]] = {}  # role id -> skill ids the person lacks for it
    ratings: dict[str, int] = {}  # dimension id -> rating 1-5
    weak_dimensions: list[str] = []
    background: str | None = None  # background id, for summaries
    recommended: list[tuple[str, float]] = []  # the assessment's best fits (role id, 0-100)
    why: str | None = None  # why these roles, in the assessment's words
    assessed_on: date | None = None
    start: date
    interview: date
    hours_per_week: float

    def __post_init__(self) -> None:
        if not self.roles:
            raise InvalidValue("roles", "must name at least one role")
        hours = self.hours_per_week
        if not 0 < hours <= MAX_WEEKLY_HOURS:  # NaN fails too
            why = f"must be more than 0 and at most {MAX_WEEKLY_HOURS}, not {hours:g}"
            raise InvalidValue("hours_per_week", why)
        if self.interview <= self.start:
            raise InvalidValue(
                "", f"the interview date {self.interview} must be after the start {self.start}"
            )
        if self.days > MAX_HORIZON_DAYS:
            raise InvalidValue(
                "",
                f"the interview date {self.interview} is more than {HORIZON} after the start "
                f"{self.start}; plans reach at most {HORIZON}",
            )

    @property
    def days(self) -> int:
        return (self.interview - self.start).days


class Topic(Plain):
    id: str
    title: str
    kind: TopicKind
    group: str  # heading the topic is totalled under
    role_id: str | None = None
    weight: float
    tests: str = ""
    study: list[str] = []
    skip: list[str] = []
    source: list[str] = []
    covers: list[str] = []  # names of the skill gaps it closes


class Session(Plain):
    day: date
    week: int
    activity: Activity
    topic_id: str | None = None
    title: str
    minutes: int
    detail: str = ""


class WeekSummary(Plain):
    number: int
    first: date
    last: date
    budget: int
    used: int


class TopicTotal(Plain):
    topic_id: str
    title: str
    group: str
    sessions: int
    minutes: int


class PrepPlan(Plain):
    request: PlanRequest
    topics: list[Topic]
    sessions: list[Session]
    weeks: list[WeekSummary]
    dropped: list[str] = []  # titles of topics that did not fit
    unstudied_gaps: list[str] = []  # skill gaps no round's study material covers: unscheduled
    dropped_checkpoints: list[int] = []
    shortfall_minutes: int = 0
    skipped_reviews: int = 0

    @property
    def fits(self) -> bool:
        return not self.dropped and not self.dropped_checkpoints

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def sessions_of(self, topic_id: str) -> list[Session]:
        return [s for s in self.sessions if s.topic_id == topic_id]

    def totals(self) -> list[TopicTotal]:
        """Sessions and minutes per topic (checkpoints last), in the order of the topics."""
        count: dict[str | None, int] = defaultdict(int)
        minutes: dict[str | None, int] = defaultdict(int)
        for s in self.sessions:
            count[s.topic_id] += 1
            minutes[s.topic_id] += s.minutes
        rows = [
            TopicTotal(
                topic_id=t.id,
                title=t.title,
                group=t.group,
                sessions=count[t.id],
                minutes=minutes[t.id],
            )
            for t in self.topics
            if count[t.id]
        ]
        if count[None]:
            rows.append(
                TopicTotal(
                    topic_id="checkpoints",
                    title="Checkpoints",
                    group="Checkpoints",
                    sessions=count[None],
                    minutes=minutes[None],
                )
            )
        return rows

    def shortfall_text(self) -> str:
        """One sentence on what did not fit and how many more hours it would take."""
        if self.fits:
            return ""
        parts = []
        if self.dropped:
            weeks = max(1, math.ceil(self.request.days / 7))
            extra = self.shortfall_minutes / 60
            parts.append(
                f"{plural(len(self.dropped), 'topic')} did not fit ({', '.join(self.dropped)}); "
                f"they need about {extra:.1f} h more, roughly {extra / weeks:.1f} h more per week"
            )
        if self.dropped_checkpoints:
            days = ", ".join(str(d) for d in self.dropped_checkpoints)
            noun = "day" if len(self.dropped_checkpoints) == 1 else "days"
            parts.append(f"checkpoint {noun} {days} did not fit")
        return "; ".join(parts) + "."
