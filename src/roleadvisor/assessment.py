"""What an assessment produces: the recommendation's models, the whole result, and the result
as the history keeps it. The engine that fills them is roleadvisor.recommend."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.profile import Profile, SelfAssessment
from roleadvisor.state.plain import Plain


class Ramp(Plain):
    """How long the move into a role takes from the person's background."""

    min_weeks: int
    max_weeks: int
    duration: str  # as the source says it, or an estimate
    documented: bool  # True when a transition route of the role gives it
    current: bool = False  # True when the background is this role
    estimate: bool = False  # True when the duration is our own guess
    measure: str = "learn-skills"  # what the weeks count: learn-skills or interview-ready
    learn: list[str] = []
    reuse: list[str] = []


class Demand(Plain):
    supply_demand: str | None = None
    note: str | None = None
    sectors: dict[str, str] = {}  # sector id -> demand level


class RoleFit(Plain):
    role: str
    name: str
    tier: str
    tier_estimate: bool = False  # True when no document puts the role in its tier
    score: float  # 0-100
    parts: dict[str, float]  # score parts, each 0-1, before weighting
    reasons: list[str]
    strengths: list[str]  # skill ids of the role the person has
    gaps: list[str]  # skill ids of the role the person lacks
    ramp: Ramp
    demand: Demand


class DualTrack(Plain):
    roles: list[str]  # primary role first
    split: dict[str, float]  # role id -> share of prep time (sums to 1)
    why: str
    advice: list[str]
    sectors_first: list[str]  # sector ids to apply to first, fastest first


class TargetCheck(Plain):
    named: str
    best: str
    matches: bool
    message: str
    costs: list[str] = []  # what the named role's loop would cost


class DatedCheckpoint(Plain):
    day: int
    date: date
    task: str


class Recommendation(Plain):
    top: list[RoleFit]  # the best three fits, best first
    ranking: list[tuple[str, float]]  # every role id with its score
    dual_track: DualTrack | None = None
    target: TargetCheck | None = None

    @property
    def gaps(self) -> dict[str, list[str]]:
        return {fit.role: fit.gaps for fit in self.top}

    def focus_roles(self) -> list[str]:
        """The roles to prepare for: both tracks of a dual track, else the best fit."""
        return list(self.dual_track.roles) if self.dual_track else [self.top[0].role]


class AssessmentResult(Plain):
    """Everything one assessment produced; what `--json` prints and history stores."""

    today: date
    profile: Profile
    self_assessment: SelfAssessment
    recommendation: Recommendation
    checkpoints: list[DatedCheckpoint]


SAVED_FORMAT = 1


class SavedAssessment(AssessmentResult):
    """An assessment as the history keeps it (roleadvisor.state.history stores the file)."""

    id: str
    taken_at: datetime
    format: int = SAVED_FORMAT

    @classmethod
    def of(cls, result: AssessmentResult, taken_at: datetime) -> SavedAssessment:
        """`result` stamped with when it was taken; the id sorts in the order taken."""
        when = taken_at.astimezone(timezone.utc)
        return cls(id=when.strftime("%Y%m%dT%H%M%S%fZ"), taken_at=when, **vars(result))


def rating_changes(current: dict[str, int], previous: SavedAssessment | None) -> dict[str, int]:
    """Each dimension's rating change since the previous assessment (empty when none)."""
    if previous is None:
        return {}
    before = previous.self_assessment.ratings
    return {dim: value - before[dim] for dim, value in current.items() if dim in before}


def checkpoint_schedule(kb: KnowledgeBase, today: date) -> list[DatedCheckpoint]:
    return [
        DatedCheckpoint(day=c.day, date=today + timedelta(days=c.day), task=c.task)
        for c in kb.assessment.checkpoints
    ]
