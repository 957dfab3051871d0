"""plan.json (the current study plan) and reviews.json (the review state of its topics).

Their types belong to the core (PrepPlan, ReviewState); readers here are handed them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from roleadvisor.state.files import locked
from roleadvisor.state.paths import plan_path, reviews_path
from roleadvisor.state.plain import Plain
from roleadvisor.state.saved import read_saved, write_saved

P = TypeVar("P", bound=Plain)
R = TypeVar("R")


def read_plan(kind: type[P]) -> P | None:
    """The current plan; None when there is none yet."""
    return read_saved(plan_path(), "study plan", kind)


def write_plan(plan: Plain) -> None:
    """Make `plan` the current plan, under its lock (reviews read it while they record)."""
    with locked(plan_path()):
        write_saved(plan_path(), plan)


def read_reviews(kind: type[P]) -> P | None:
    """The review state; None when nothing was reviewed yet."""
    return read_saved(reviews_path(), "review state", kind)


def update_reviews(kind: type[P], empty: P, change: Callable[[P], tuple[P, R]]) -> R:
    """Apply `change` to the review state under its lock, so concurrent reviews are all kept."""
    with locked(reviews_path()):
        state, outcome = change(read_reviews(kind) or empty)
        write_saved(reviews_path(), state)
    return outcome
