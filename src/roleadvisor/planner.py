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
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from roleadvisor.errors import UsageError
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.models import PayFigure, Role, StudyMaterial

# Gaps (days) between a topic's consecutive spaced reviews: each longer than the last.
REVIEW_GAPS = (2, 4, 7, 14, 28, 56)
FINAL_WEEK_DAYS = 7
CHECKPOINT_MINUTES = 20
PRACTICE_MINUTES = 30
WEAK_RATING = 2  # a self-assessment rating at or below this marks a weak dimension


class Activity(str, Enum):
    learn = "learn"
    review = "review"
    practice = "practice"
    checkpoint = "checkpoint"


class TopicKind(str, Enum):
    round = "round"
    skill = "skill"
    dimension = "dimension"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class RoleShare(_Frozen):
    role_id: str
    share: float = Field(gt=0, le=1, description="Share of the study time for this role.")


class PlanRequest(_Frozen):
    """Everything the planner needs, independent of how the assessment is stored."""

    roles: list[RoleShare] = Field(min_length=1)
    skill_gaps: dict[str, list[str]] = Field(
        default={}, description="Role id -> skill ids the person lacks for it."
    )
    ratings: dict[str, int] = Field(default={}, description="Dimension id -> rating 1-5.")
    weak_dimensions: list[str] = []
    background: str | None = Field(default=None, description="Background id, for summaries.")
    recommended: list[tuple[str, float]] = Field(
        default=[], description="The assessment's best fits (role id, score 0-100)."
    )
    why: str | None = Field(default=None, description="Why these roles, in the assessment's words.")
    assessed_on: date | None = None
    start: date
    interview: date
    hours_per_week: float = Field(gt=0, le=168)

    @model_validator(mode="after")
    def _dates(self) -> PlanRequest:
        if self.interview <= self.start:
            raise ValueError(
                f"the interview date {self.interview} must be after the start {self.start}"
            )
        return self

    @property
    def days(self) -> int:
        return (self.interview - self.start).days


class Topic(_Frozen):
    id: str
    title: str
    kind: TopicKind
    group: str = Field(description="Heading the topic is totalled under.")
    role_id: str | None = None
    weight: float
    tests: str = ""
    study: list[str] = []
    skip: list[str] = []
    source: list[str] = []


class Session(_Frozen):
    day: date
    week: int
    activity: Activity
    topic_id: str | None = None
    title: str
    minutes: int
    detail: str = ""


class WeekSummary(_Frozen):
    number: int
    first: date
    last: date
    budget: int
    used: int


class TopicTotal(_Frozen):
    topic_id: str
    title: str
    group: str
    sessions: int
    minutes: int


class PrepPlan(_Frozen):
    request: PlanRequest
    topics: list[Topic]
    sessions: list[Session]
    weeks: list[WeekSummary]
    dropped: list[str] = Field(default=[], description="Titles of topics that did not fit.")
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
                f"{len(self.dropped)} topic(s) did not fit ({', '.join(self.dropped)}); "
                f"they need about {extra:.1f} h more, roughly {extra / weeks:.1f} h more per week"
            )
        if self.dropped_checkpoints:
            days = ", ".join(str(d) for d in self.dropped_checkpoints)
            parts.append(f"checkpoint day(s) {days} did not fit")
        return "; ".join(parts) + "."


# --- topics ------------------------------------------------------------------------------------


def learn_minutes(weight: float) -> int:
    """Heavier topics get longer first sessions: 45 minutes to two hours in 15-minute steps."""
    return 15 * min(8, max(3, round(weight) + 2))


def review_minutes(weight: float) -> int:
    return 25 if weight >= 3 else 15


def build_topics(request: PlanRequest, kb: KnowledgeBase) -> list[Topic]:
    """The topics of a request, heaviest first (ties keep the loop's order)."""
    roles = [(kb.role(r.role_id), r.share) for r in request.roles]
    topics: list[Topic] = []
    for role, share in roles:
        for rnd in role.loop.rounds:
            topics.append(
                Topic(
                    id=f"{role.id}/{rnd.kind.value}",
                    title=f"{role.name}: {rnd.title}" if len(roles) > 1 else rnd.title,
                    kind=TopicKind.round,
                    group=role.name,
                    role_id=role.id,
                    weight=rnd.emphasis * share,
                    tests=rnd.tests,
                    study=list(rnd.study),
                    skip=list(rnd.skip),
                    source=_sources(rnd.source, rnd.advice_source),
                )
            )
    topics.extend(_skill_topics(request, roles, kb))
    topics.extend(_dimension_topics(request, roles, kb))
    order = {t.id: i for i, t in enumerate(topics)}
    return sorted(topics, key=lambda t: (-t.weight, order[t.id]))


def _sources(*refs: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(s for ref in refs for s in ref))


def _skill_topics(
    request: PlanRequest, roles: list[tuple[Role, float]], kb: KnowledgeBase
) -> list[Topic]:
    """A skill gap weighs what the heaviest round that mentions the skill weighs."""
    skills = kb.skills
    weights: dict[str, float] = defaultdict(float)
    rounds_for: dict[str, list[str]] = defaultdict(list)
    for role, share in roles:
        for skill_id in request.skill_gaps.get(role.id, []):
            skill = skills.get(skill_id)
            if skill is None:
                raise UsageError(f"Unknown skill '{skill_id}' in the skill gaps of {role.id}.")
            words = [skill.name.lower(), *(k.strip().lower() for k in skill.keywords)]
            hits = [
                r
                for r in role.loop.rounds
                if any(w and w in " ".join([r.tests, *r.study]).lower() for w in words)
            ]
            mean = sum(r.emphasis for r in role.loop.rounds) / len(role.loop.rounds)
            emphasis = max((r.emphasis for r in hits), default=mean)
            weights[skill_id] += emphasis * share
            rounds_for[skill_id].extend(f"{role.name}: {r.title}" for r in hits)
    topics = []
    for skill_id, weight in weights.items():
        skill = skills[skill_id]
        seen = list(dict.fromkeys(rounds_for[skill_id]))
        tests = f"Comes up in {', '.join(seen)}." if seen else ""
        study = [f"Close the gap in {skill.name}."]
        if skill.keywords:
            study.append(f"Know the vocabulary: {', '.join(k.strip() for k in skill.keywords)}.")
        topics.append(
            Topic(
                id=f"skill/{skill_id}",
                title=skill.name,
                kind=TopicKind.skill,
                group="Skill gaps",
                weight=round(weight, 2),
                tests=tests,
                study=study,
            )
        )
    return topics


def _dimension_topics(
    request: PlanRequest, roles: list[tuple[Role, float]], kb: KnowledgeBase
) -> list[Topic]:
    """A weak dimension is studied from the material that raises it, toward its top anchor."""
    dims = {d.id: d for d in kb.assessment.dimensions}
    mean = sum(
        share * sum(r.emphasis for r in role.loop.rounds) / len(role.loop.rounds)
        for role, share in roles
    )
    topics = []
    for dim_id in dict.fromkeys(request.weak_dimensions):
        dim = dims.get(dim_id)
        if dim is None:
            raise UsageError(f"Unknown self-assessment dimension '{dim_id}'.")
        rating = request.ratings.get(dim_id, 1)
        top = next(a.text for a in dim.anchors if a.score == 5)
        study: list[str] = []
        sources = list(dim.source)
        for material in dim.material:
            items, refs = _material(material, [r for r, _ in roles], kb)
            study.extend(items)
            sources.extend(refs)
        topics.append(
            Topic(
                id=f"dimension/{dim_id}",
                title=dim.name,
                kind=TopicKind.dimension,
                group="Self-assessment",
                weight=round(mean * (6 - rating) / 5, 2),
                tests=f"{dim.question} Aim for: {top}",
                study=study or [a.text for a in sorted(dim.anchors, key=lambda a: a.score)],
                source=list(dict.fromkeys(sources)),
            )
        )
    return topics


def _material(
    material: StudyMaterial, roles: list[Role], kb: KnowledgeBase
) -> tuple[list[str], list[str]]:
    """Study items drawn from one part of the knowledge base, with their sources."""
    items: list[str] = []
    refs: list[str] = []
    for role in roles:
        if material is StudyMaterial.loop:
            rounds = "; ".join(r.title for r in role.loop.rounds)
            items.append(f"{role.name} loop - {role.loop.emphasis.text} Rounds: {rounds}.")
            refs.extend(role.loop.emphasis.source)
        elif material is StudyMaterial.pay:
            for fig in role.pay:
                items.append(f"{role.name} - {format_pay(fig)}")
                refs.extend(fig.source)
        elif material is StudyMaterial.market:
            if role.supply_demand is not None:
                note = f" ({role.supply_demand.note})" if role.supply_demand.note else ""
                items.append(
                    f"{role.name} supply and demand: {role.supply_demand.level.value}{note}"
                )
                refs.extend(role.supply_demand.source)
        elif material is StudyMaterial.roles:
            items.append(f"{role.name}: {role.summary.text}")
            refs.extend(role.summary.source)
            for c in kb.landscape.confusions:
                if role.id in c.roles:
                    items.append(c.distinction.text)
                    refs.extend(c.distinction.source)
            for topic in kb.landscape.advice:  # what to say about the role, and how
                if role.id in topic.roles:
                    items.extend(f"{topic.title}: {item}" for item in topic.items.items)
                    refs.extend(topic.items.source)
        elif material is StudyMaterial.career:
            if role.path_to_staff is not None:
                items.append(f"{role.name} path to staff: {role.path_to_staff.text}")
                refs.extend(role.path_to_staff.source)
            for lvl in role.levels:
                items.append(f"{role.name} {lvl.level.value} ({lvl.years}): {lvl.expectations[0]}")
                refs.extend(lvl.source)
    if material is StudyMaterial.pay:
        for fig in kb.landscape.pay:
            items.append(format_pay(fig))
            refs.extend(fig.source)
    if material is StudyMaterial.market:
        for claim in kb.landscape.trends:
            items.append(claim.text)
            refs.extend(claim.source)
    return list(dict.fromkeys(items)), list(dict.fromkeys(refs))


def format_pay(fig: PayFigure) -> str:
    if fig.low is None:
        return f"{fig.label}: {fig.note or ''}".strip()
    high = f"–${fig.high:,}" if fig.high is not None else ("+" if fig.open_ended else "")
    where = f", {fig.region}" if fig.region else ""
    return f"{fig.label}: ${fig.low:,}{high} ({fig.basis}{where})"


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
    topics = build_topics(request, kb)
    weekly = round(request.hours_per_week * 60)
    longest = max((learn_minutes(t.weight) for t in topics), default=CHECKPOINT_MINUTES)
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
        slot = next((d for d in cal.days(day, until) if cal.free(d) >= CHECKPOINT_MINUTES), None)
        if slot is None:
            dropped_checkpoints.append(cp.day)
        else:
            add(slot, Activity.checkpoint, None, CHECKPOINT_MINUTES, f"Day {cp.day}: {cp.task}")

    final_first = max(request.start, request.interview - timedelta(days=FINAL_WEEK_DAYS))
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
        for nominal in REVIEW_GAPS:
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

    _fill_practice(cal, topics, placed, sessions, add)

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
) -> None:
    """Spend the hours left in each week on practice, shared out by weight."""
    busy = {(s.day, s.topic_id) for s in sessions}
    practised: dict[str, int] = defaultdict(int)
    live = [t for t in topics if t.id in placed]
    for day in cal.days(cal.start, cal.last):
        while cal.free(day) >= PRACTICE_MINUTES:
            ready = [t for t in live if placed[t.id][0] < day and (day, t.id) not in busy]
            if not ready:
                break
            topic = min(ready, key=lambda t: (practised[t.id] / t.weight, -t.weight))
            detail = "Practise: " + (topic.study[0] if topic.study else topic.title)
            add(day, Activity.practice, topic, PRACTICE_MINUTES, detail)
            busy.add((day, topic.id))
            practised[topic.id] += PRACTICE_MINUTES
