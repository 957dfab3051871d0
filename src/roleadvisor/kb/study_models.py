"""The schema of study.yaml: how a study plan is laid out and how its reviews are spaced.

The planner (roleadvisor.planner) and the review scheduler (roleadvisor.reviews) read these
values from the knowledge base, as the recommendation engine reads its scoring table; every
value names where it comes from, as the scoring table's do.
"""

# Annotations stay objects (no `from __future__ import annotations`), as in kb.models.
from itertools import pairwise
from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from roleadvisor.kb.files import STUDY_FILE
from roleadvisor.kb.models import Explained, Strict

FILE = STUDY_FILE

Days = Annotated[int, Field(ge=1, le=365)]
Minutes = Annotated[int, Field(ge=5, le=240)]
Retention = Annotated[float, Field(gt=0.5, lt=1)]


class ValueBasis(Explained):
    """Where one tuned value comes from: documents, or our judgement with its reason."""

    what: ClassVar[str] = "value"

    value: Annotated[str, Field(pattern=r"^[a-z]+(_[a-z]+)*$", max_length=64)] = Field(
        description="The value of this section it speaks for."
    )


class _Section(Strict):
    """A section of tuned values whose `basis` speaks for every value, each once."""

    basis: list[ValueBasis] = Field(description="For every value above: where it comes from.")

    @model_validator(mode="after")
    def _every_value_has_a_basis(self) -> "_Section":
        values = set(type(self).model_fields) - {"basis"}
        named = [b.value for b in self.basis]
        missing = sorted(values - set(named))
        if missing:
            raise ValueError(f"`basis` says nothing of: {', '.join(missing)}")
        unknown = sorted(set(named) - values)
        if unknown:
            raise ValueError(f"`basis` names unknown values: {', '.join(unknown)}")
        twice = sorted({n for n in named if named.count(n) > 1})
        if twice:
            raise ValueError(f"`basis` speaks of {', '.join(twice)} more than once")
        return self


class PlanTuning(_Section):
    """How `roleadvisor plan` lays out sessions (see roleadvisor.planner)."""

    review_gaps: Annotated[list[Days], Field(min_length=1)] = Field(
        description="Days between a topic's consecutive spaced reviews, each longer than the last."
    )
    final_week_days: Annotated[int, Field(ge=1, le=28)] = Field(
        description="Every topic's final review falls within this many days of the interview."
    )
    checkpoint_minutes: Minutes = Field(description="Length of a checkpoint session.")
    practice_minutes: Minutes = Field(description="Length of a practice session.")
    weak_rating: Annotated[int, Field(ge=1, le=4)] = Field(
        description="A self-assessment rating at or below this marks a weak dimension."
    )

    @model_validator(mode="after")
    def _gaps_grow(self) -> "PlanTuning":
        gaps = self.review_gaps
        if any(later <= earlier for earlier, later in pairwise(gaps)):
            raise ValueError("review_gaps must grow: each gap longer than the one before")
        return self


class RetentionStep(Strict):
    within_days: Days = Field(description="Applies from this many days before the interview.")
    retention: Retention = Field(description="The recall a review aims for.")


class ReviewTuning(_Section):
    """How `roleadvisor review` spaces reviews (see roleadvisor.reviews)."""

    retention_steps: list[RetentionStep] = Field(
        description="Target recall by days left before the interview, nearest first."
    )
    base_retention: Retention = Field(description="Target recall further from the interview.")

    @model_validator(mode="after")
    def _nearer_aims_higher(self) -> "ReviewTuning":
        steps = self.retention_steps
        days = [s.within_days for s in steps]
        if days != sorted(set(days)):
            raise ValueError("retention_steps must be nearest first, each number of days once")
        aims = [s.retention for s in steps] + [self.base_retention]
        if any(later > earlier for earlier, later in pairwise(aims)):
            raise ValueError("a review nearer the interview must aim for as much recall or more")
        return self


class StudyFile(Strict):
    plan: PlanTuning
    reviews: ReviewTuning
