"""plan.json (the current study plan) and reviews.json (the review state of its topics).

Their models belong to the core (PrepPlan, ReviewState); readers here are handed them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from roleadvisor.state.files import locked, read_validated, write_state
from roleadvisor.state.paths import plan_path, reviews_path

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")
R = TypeVar("R")


def read_plan(model: type[M]) -> M | None:
    """The current plan; None when there is none yet."""
    return read_validated(plan_path(), "study plan", model)


def write_plan(plan: BaseModel) -> None:
    """Make `plan` the current plan, under its lock (reviews read it while they record)."""
    with locked(plan_path()):
        write_state(plan_path(), plan.model_dump(mode="json"))


def read_reviews(model: type[M]) -> M | None:
    """The review state; None when nothing was reviewed yet."""
    return read_validated(reviews_path(), "review state", model)


def update_reviews(model: type[M], empty: M, change: Callable[[M], tuple[M, R]]) -> R:
    """Apply `change` to the review state under its lock, so concurrent reviews are all kept."""
    with locked(reviews_path()):
        state, outcome = change(read_reviews(model) or empty)
        write_state(reviews_path(), state.model_dump(mode="json"))
    return outcome
