"""Words for the knowledge base's values: enum levels, pay amounts, statistics.

Shared by every view and by the reasons of a recommendation, so a level reads the same
everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from roleadvisor.kb.enums import DemandLevel, Level, SupplyDemand

if TYPE_CHECKING:
    from roleadvisor.kb.models import PayFigure, Stat, Transition

MISSING = "—"

# --- words for enum values ------------------------------------------------------------------

_SUPPLY_WORDS = {
    SupplyDemand.oversupplied: "Oversupplied",
    SupplyDemand.balanced: "Balanced",
    SupplyDemand.high_demand: "High demand",
    SupplyDemand.high_demand_low_supply: "High demand, low supply",
    SupplyDemand.scarce_roles: "Scarce roles",
}

_EMPHASIS_WORDS = {1: "light", 2: "some", 3: "moderate", 4: "heavy", 5: "decisive"}


def words(value: str) -> str:
    """An enum value as words: `very-high` → `very high`."""
    return value.replace("-", " ")


def plural(count: int, noun: str) -> str:
    """`1 review`, `2 reviews`: a count with its noun in the right number."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def supply_label(level: SupplyDemand) -> str:
    return _SUPPLY_WORDS[level]


def demand_label(level: DemandLevel) -> str:
    return words(level.value)


def emphasis_label(emphasis: int) -> str:
    return f"{emphasis}/5 {_EMPHASIS_WORDS[emphasis]}"


def emphasis_word(weight: float) -> str:
    """How much a round (or a topic drawn from rounds) counts, in one word: a weight on the
    1-5 scale, rounded, as `light` … `decisive`."""
    return _EMPHASIS_WORDS[min(5, max(1, round(weight)))]


def money(amount: int) -> str:
    """300000 → $300K, 92500 → $92.5K, 1250000 → $1.25M."""
    if amount >= 1_000_000:
        return f"${amount / 1_000_000:.2f}".rstrip("0").rstrip(".") + "M"
    return f"${amount / 1_000:.1f}".rstrip("0").rstrip(".") + "K"


def pay_amount(figure: PayFigure) -> str:
    """The amount of a figure as text: a range, an open-ended floor, or the qualitative note."""
    if figure.low is None:
        return figure.note or MISSING
    if figure.high is None or figure.high == figure.low:
        return money(figure.low) + ("+" if figure.open_ended else "")
    return f"{money(figure.low)}–{money(figure.high)}" + ("+" if figure.open_ended else "")


def stat_value(stat: Stat) -> str:
    parts = []
    if stat.percent is not None:
        parts.append(f"{stat.percent:g}%")
    if stat.count is not None:
        parts.append(f"{stat.count}/{stat.total}" if stat.total else str(stat.count))
    elif stat.total is not None:
        parts.append(f"of {stat.total:,}")
    if stat.total is not None and stat.total_basis == "inferred":
        parts.append("base inferred")
    return " · ".join(parts)


# Said wherever weights are shown: the weight is not decoration, the plan acts on it.
WEIGHT_NOTE = (
    "The study plan shares out time between rounds by these weights: heavier rounds get more."
)

_MEASURE_WORDS = {
    "learn-skills": "to learn the skills",
    "interview-ready": "to be ready to interview",
}


def level_label(level: Level) -> str:
    """A pay figure's level; `any` means the document names none, so nothing is claimed."""
    return MISSING if level is Level.any else level.value


def duration_label(transition: Transition) -> str:
    """A transition's duration, saying what it measures and, if it is ours, that it is an
    estimate (the data's wording may already say so; it is never left unsaid)."""
    text = transition.duration
    if transition.duration_provenance.is_editorial and "estimate" not in text.lower():
        text += " (our estimate)"
    measure = _MEASURE_WORDS[transition.measure]
    if transition.measure == "interview-ready" and "interview" not in text.lower():
        text += f" ({measure})"
    return text
