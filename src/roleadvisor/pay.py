"""Which of a role's pay figures leads, by the rule landscape.yaml declares (`pay_headline`).

The headline is the figure of the rule's level and basis in its market; a role without one is
summed up by its first range in the market, else its first range, else its first figure.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from roleadvisor.kb.enums import Level

if TYPE_CHECKING:
    from roleadvisor.kb.models import PayFigure, PayHeadline, Role


def _market_words(rule: PayHeadline) -> str:
    """The rule's region names as one pattern, each a whole word (re caches its compilation)."""
    names = "|".join(re.escape(name) for name in rule.market)
    return rf"(?<!\w)(?:{names})(?!\w)"


def in_market(figure: PayFigure, rule: PayHeadline) -> bool:
    return figure.region is not None and re.search(_market_words(rule), figure.region) is not None


def is_headline(figure: PayFigure, rule: PayHeadline) -> bool:
    return figure.level == rule.level and figure.basis == rule.basis and in_market(figure, rule)


def headline_figure(role: Role, rule: PayHeadline) -> PayFigure | None:
    """The role's figure the rule names, if it has one."""
    return next((f for f in role.pay if is_headline(f, rule)), None)


def pay_summary(role: Role, rule: PayHeadline) -> PayFigure | None:
    """The single most telling figure: the headline, else a range in the market, else any
    range, else the qualitative band (document order breaks ties)."""

    def rank(figure: PayFigure) -> int:
        if is_headline(figure, rule):
            return 0
        if figure.low is not None and in_market(figure, rule):
            return 1
        return 2 if figure.low is not None else 3

    return min(role.pay, key=rank, default=None)


def market_ranges(role: Role, rule: PayHeadline) -> list[PayFigure]:
    """The role's ranges in the market for the role as a whole, the headline aside (per-level
    and per-city figures stay in `show`)."""
    headline = headline_figure(role, rule)
    return [
        f
        for f in role.pay
        if f is not headline and f.low is not None and f.level == Level.any and in_market(f, rule)
    ]
