"""Who the person is, as their answers describe them: the Profile and the self-assessment score.

A Profile is built from the raw answers of a questionnaire walk; it keeps the raw answers too,
so a saved assessment can be replayed and its reasons traced back to what was said.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from roleadvisor.errors import UsageError
from roleadvisor.state.plain import Plain

if TYPE_CHECKING:
    from roleadvisor.kb.models import AssessmentFile
    from roleadvisor.kb.questionnaire_models import TreeChoice

Answer = str | list[str]


class Enjoyment(Plain):
    """One thing the person said they enjoy, in words a reason can quote."""

    question: str
    choice: str
    reason: str | None  # completes "You said ..."; None: nothing to quote
    label: str  # the label of the choice, as it was shown
    role_weights: dict[str, float] = {}
    tier_weights: dict[str, float] = {}
    trait_weights: dict[str, dict[str, float]] = {}  # role trait -> level -> weight

    @classmethod
    def of(cls, question: str, choice: TreeChoice) -> Enjoyment:
        """What picking `choice` of tree question `question` says about the person."""
        return cls(
            question=question,
            choice=choice.id,
            reason=choice.reason,
            label=choice.label,
            role_weights=dict(choice.roles),
            tier_weights=dict(choice.tiers),
            trait_weights={t: dict(w) for t, w in choice.traits.items()},
        )


class Constraints(Plain):
    timeline: str  # the timeline choice id
    timeline_label: str
    timeline_weeks: int | None  # weeks until a job is needed; None: no rush
    company: str  # the company-type choice id
    company_label: str
    sectors: list[str]  # sector ids the company type maps to; empty: any


class Profile(Plain):
    ratings: dict[str, int]  # self-assessment dimension id -> rating 1-5
    background: str  # background id from skills.yaml
    years: int  # years of professional experience (representative)
    years_label: str
    skills: list[str]  # skill ids the person already has
    enjoys: list[Enjoyment]  # interest answers with their weights
    constraints: Constraints
    target_role: str | None  # the role the person would name today (None: not sure)
    answers: dict[str, Answer]  # raw answers: question id -> choice id(s)

    def __post_init__(self) -> None:
        if self.years < 0:
            raise ValueError(f"years must be 0 or more, not {self.years}")


class SelfAssessment(Plain):
    ratings: dict[str, int]
    total: int
    maximum: int
    band: str
    advice: str


def score_self_assessment(ratings: dict[str, int], assessment: AssessmentFile) -> SelfAssessment:
    """Sum the ratings of every dimension and find the band the total falls in."""
    ordered: dict[str, int] = {}
    for dim in assessment.dimensions:
        if dim.id not in ratings:
            raise UsageError(f"No rating for the self-assessment dimension '{dim.id}'.")
        value = ratings[dim.id]
        if not 1 <= value <= 5:
            raise UsageError(f"Rating of '{dim.id}' must be 1-5, got {value}.")
        ordered[dim.id] = value
    total = sum(ordered.values())
    band = next(b for b in assessment.bands if b.low <= total <= b.high)  # bands cover 5..25
    return SelfAssessment(
        ratings=ordered,
        total=total,
        maximum=5 * len(ordered),
        band=band.id,
        advice=band.advice,
    )
