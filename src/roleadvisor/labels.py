"""Words for the knowledge base's values: enum levels, pay amounts, statistics.

Shared by every view and by the reasons of a recommendation, so a level reads the same
everywhere.
"""

from __future__ import annotations

from roleadvisor.kb.models import DemandLevel, PayFigure, Stat, SupplyDemand

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


def supply_label(level: SupplyDemand) -> str:
    return _SUPPLY_WORDS[level]


def demand_label(level: DemandLevel) -> str:
    return words(level.value)


def emphasis_label(emphasis: int) -> str:
    return f"{emphasis}/5 {_EMPHASIS_WORDS[emphasis]}"


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
    return " · ".join(parts)
