"""Who the person is, as their answers describe them: the Profile and the self-assessment score.

A Profile is built from the raw answers of a questionnaire walk; it keeps the raw answers too,
so a saved assessment can be replayed and its reasons traced back to what was said.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from roleadvisor.errors import UsageError

if TYPE_CHECKING:
    from roleadvisor.kb.models import AssessmentFile
    from roleadvisor.kb.questionnaire_models import TreeChoice

Answer = str | list[str]


class _Frozen(BaseModel):
    # built on first use: commands that only read the history never make a Profile
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Enjoyment(_Frozen):
    """One thing the person said they enjoy, in words a reason can quote."""

    question: str
    choice: str
    reason: str | None = Field(description='Completes "You said ..."; None: nothing to quote.')
    label: str = Field(description="The label of the choice, as it was shown.")
    role_weights: dict[str, float] = {}
    tier_weights: dict[str, float] = {}
    trait_weights: dict[str, dict[str, float]] = Field(
        default={}, description="Role trait -> level -> weight (e.g. coding intensity)."
    )

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


class Constraints(_Frozen):
    timeline: str = Field(description="The timeline choice id.")
    timeline_label: str
    timeline_weeks: int | None = Field(description="Weeks until a job is needed; None: no rush.")
    company: str = Field(description="The company-type choice id.")
    company_label: str
    sectors: list[str] = Field(description="Sector ids the company type maps to; empty: any.")


class Profile(_Frozen):
    ratings: dict[str, int] = Field(description="Self-assessment dimension id -> rating 1-5.")
    background: str = Field(description="Background id from skills.yaml.")
    years: int = Field(ge=0, description="Years of professional experience (representative).")
    years_label: str
    skills: list[str] = Field(description="Skill ids the person already has.")
    enjoys: list[Enjoyment] = Field(description="Interest answers with their weights.")
    constraints: Constraints
    target_role: str | None = Field(
        description="The role the person would name today (None: not sure)."
    )
    answers: dict[str, Answer] = Field(description="Raw answers: question id -> choice id(s).")


class SelfAssessment(_Frozen):
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
