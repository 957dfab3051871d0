"""The comparison matrix behind `compare`: one row per dimension, one cell per role.

A cell keeps the sources of its value (and, for pay, of each line), and how the value was
arrived at when it was not simply sourced; plain-text labels are decided here, because whether
two roles differ is a question of the words compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from roleadvisor.explore import disagreements_for, tier_info
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.labels import demand_label, pay_amount, supply_label, words
from roleadvisor.pay import headline_figure, market_ranges

if TYPE_CHECKING:
    from roleadvisor.kb.models import (
        Claim,
        Confusion,
        Disagreement,
        PayFigure,
        PayHeadline,
        Role,
        ValueProvenance,
    )

Part = tuple[str, tuple[str, ...]]  # one line of a cell and the sources of that line alone


@dataclass(frozen=True)
class CompareRow:
    key: str
    label: str
    values: tuple[str | None, ...]  # one per role; None where the knowledge base is silent
    sources: tuple[tuple[str, ...], ...]  # one per role; empty where the value is missing
    # one per role: the cell line by line, each line with its own sources (pay figures)
    parts: tuple[tuple[Part, ...], ...] = ()
    # one per role: how each value was arrived at (tier, supply label), when not just sourced
    provenance: tuple[ValueProvenance | None, ...] = ()

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1


@dataclass(frozen=True)
class Comparison:
    roles: tuple[Role, ...]
    rows: tuple[CompareRow, ...]
    confusions: tuple[Confusion, ...]
    disagreements: tuple[Disagreement, ...] = ()


def _claim(claim: Claim | None) -> tuple[str | None, tuple[str, ...]]:
    return (claim.text, claim.source) if claim else (None, ())


def _figures(figures: list[PayFigure], labelled: bool = True) -> tuple[str | None, tuple[str, ...]]:
    if not figures:
        return None, ()
    lines = [f"{pay_amount(f)} ({f.label})" if labelled else pay_amount(f) for f in figures]
    refs = tuple(dict.fromkeys(ref for f in figures for ref in f.source))
    return "\n".join(lines), refs


def figure_parts(figures: list[PayFigure], labelled: bool = True) -> tuple[Part, ...]:
    """Each figure on its own line with its own label and source, never one merged citation."""

    def line(f: PayFigure) -> str:
        if not labelled:
            return pay_amount(f)
        return f"{f.label}: {f.note}" if f.low is None else f"{pay_amount(f)} ({f.label})"

    return tuple((line(f), f.source) for f in figures)


def _dimensions(
    kb: KnowledgeBase, role: Role
) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    """(key, label, value, source) for each compared dimension of one role."""
    tier = tier_info(kb, role.tier)
    rule = kb.landscape.pay_headline
    headline = headline_figure(role, rule)
    sector_names = kb.sector_names
    sectors = [f"{sector_names[d.sector]}: {demand_label(d.level)}" for d in role.sector_demand]
    sd, ci, rr = role.supply_demand, role.coding_intensity, role.research_reading
    rows: list[tuple[str, str, str | None, tuple[str, ...]]] = [
        ("tier", "Tier", tier.name, role.tier_provenance.source),
        ("primary_focus", "Primary focus", *_claim(role.primary_focus)),
        ("key_skill", "Key skill", *_claim(role.key_skill)),
        ("interview_emphasis", "Interview emphasis", *_claim(role.loop.emphasis)),
        (
            _row_key(rule.id),
            rule.label,
            *(_figures([headline], labelled=False) if headline else (None, ())),
        ),
        (
            "supply_demand",
            "Supply / demand",
            supply_label(sd.level) if sd else None,
            sd.level_provenance.source if sd else (),
        ),
        (
            "coding_intensity",
            "Coding intensity",
            words(ci.level.value) if ci else None,
            ci.source if ci else (),
        ),
        (
            "research_reading",
            "Research reading",
            rr.level.value if rr else None,
            rr.source if rr else (),
        ),
        ("path_to_staff", "Path to staff", *_claim(role.path_to_staff)),
        (
            "loop_rounds",
            "Loop rounds",
            " · ".join(r.title for r in role.loop.rounds),
            tuple(dict.fromkeys(s for r in role.loop.rounds for s in r.source)),
        ),
        (_row_key(rule.ranges_id), rule.ranges_label, *_figures(market_ranges(role, rule))),
        (
            "rough_pay",
            "Rough pay",
            *_figures([f for f in role.pay if f.low is None], labelled=False),
        ),
        (
            "sector_demand",
            "Sector demand",
            "\n".join(sectors) or None,
            tuple(dict.fromkeys(s for d in role.sector_demand for s in d.source)),
        ),
    ]
    return rows


def _row_key(rule_id: str) -> str:
    """A pay row's key, as JSON names it: the rule's id with underscores."""
    return rule_id.replace("-", "_")


def _row_parts(role: Role, key: str, rule: PayHeadline) -> tuple[Part, ...]:
    if key == _row_key(rule.ranges_id):
        return figure_parts(market_ranges(role, rule))
    if key == "rough_pay":
        qualitative = [f for f in role.pay if f.low is None]
        return figure_parts(qualitative, labelled=len(qualitative) > 1)
    return ()


def _row_provenance(role: Role, key: str) -> ValueProvenance | None:
    if key == "tier":
        return role.tier_provenance
    if key == "supply_demand" and role.supply_demand:
        return role.supply_demand.level_provenance
    return None


def compare(kb: KnowledgeBase, roles: list[Role]) -> Comparison:
    """The comparison matrix; dimensions no chosen role has are left out."""
    per_role = [_dimensions(kb, role) for role in roles]
    rows: list[CompareRow] = []
    for i, (key, label, _, _) in enumerate(per_role[0]):
        values = tuple(dims[i][2] for dims in per_role)
        if all(v is None for v in values):
            continue
        parts = tuple(_row_parts(role, key, kb.landscape.pay_headline) for role in roles)
        rows.append(
            CompareRow(
                key,
                label,
                values,
                tuple(dims[i][3] for dims in per_role),
                parts if any(parts) else (),
                tuple(_row_provenance(role, key) for role in roles),
            )
        )
    ids = [r.id for r in roles]
    by_id = {c.id: c for c in kb.landscape.confusions}
    confusions = tuple(by_id[cid] for cid, _ in kb.confusions_for(ids))
    return Comparison(tuple(roles), tuple(rows), confusions, tuple(disagreements_for(kb, roles)))
