"""Pure selectors behind the knowledge-base explorer: roles, show, loop, compare, market.

Each function takes the knowledge base (or roles from it) and returns plain result objects;
renderers turn those into tables or JSON without deciding anything themselves. Plain-text
labels live here too, because deciding whether two roles differ needs the words compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from roleadvisor.errors import UsageError
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.enums import DemandLevel, Level
from roleadvisor.labels import demand_label, pay_amount, supply_label, words

if TYPE_CHECKING:
    from roleadvisor.kb.models import (
        AdviceTopic,
        Claim,
        Confusion,
        Disagreement,
        PayFigure,
        Role,
        RoundKind,
        SectorInfo,
        SourceDoc,
        Stat,
        Tier,
        TierInfo,
        ValueProvenance,
    )
    from roleadvisor.kb.models import (
        Round as LoopRound,
    )

MAX_COMPARED = 6

def advice_for(kb: KnowledgeBase, role: Role, *, loop: bool = False) -> list[AdviceTopic]:
    """Advice topics a role's views carry (`loop` narrows to those meant for the loop view)."""
    return [t for t in kb.landscape.advice if role.id in t.roles and (t.in_loop or not loop)]


def disagreements_for(kb: KnowledgeBase, roles: list[Role]) -> list[Disagreement]:
    """Points where the documents disagree about any of `roles`, each once."""
    ids = {r.id for r in roles}
    return [d for d in kb.landscape.disagreements if ids & set(d.roles)]


# --- pay -------------------------------------------------------------------------------------

_US = re.compile(r"\bUS\b|\bUSA\b|\bU\.S\.|United States")


def is_us(figure: PayFigure) -> bool:
    return figure.region is not None and _US.search(figure.region) is not None


def is_l5_us_tc(figure: PayFigure) -> bool:
    return figure.level is Level.l5 and figure.basis == "total-comp" and is_us(figure)


def pay_summary(role: Role) -> PayFigure | None:
    """The single most telling figure: L5 US total comp, else a US range, else any range,
    else the qualitative band (document order breaks ties)."""

    def rank(figure: PayFigure) -> int:
        if is_l5_us_tc(figure):
            return 0
        if figure.low is not None and is_us(figure):
            return 1
        return 2 if figure.low is not None else 3

    return min(role.pay, key=rank, default=None)


def l5_us_tc(role: Role) -> PayFigure | None:
    return next((f for f in role.pay if is_l5_us_tc(f)), None)


# --- look-ups --------------------------------------------------------------------------------


def select_roles(
    kb: KnowledgeBase, names: list[str], minimum: int = 1, maximum: int = MAX_COMPARED
) -> list[Role]:
    """Resolve names to distinct roles; a count out of range or a repeat is a usage error."""
    if not minimum <= len(names) <= maximum:
        span = f"{minimum} to {maximum}" if minimum != maximum else str(minimum)
        raise UsageError(f"Give {span} roles (got {len(names)}); `roleadvisor roles` lists them.")
    roles: list[Role] = []
    given: dict[str, str] = {}
    for name in names:
        role = kb.role(name)
        if role.id in given:
            raise UsageError(
                f"'{given[role.id]}' and '{name}' both name {role.name} ({role.id}); "
                "give each role once."
            )
        given[role.id] = name
        roles.append(role)
    return roles


def tier_info(kb: KnowledgeBase, tier: Tier) -> TierInfo:
    return next(t for t in kb.landscape.tiers if t.id == tier)


def parse_tier(kb: KnowledgeBase, name: str) -> Tier:
    """A tier by id or name, any case."""
    wanted = " ".join(name.lower().replace("-", " ").split())
    for info in kb.landscape.tiers:
        if wanted in (info.id, " ".join(info.name.lower().split())):
            return info.id
    choices = ", ".join(t.id for t in kb.landscape.tiers)
    raise UsageError(f"Unknown tier '{name}'. Choose one of: {choices}.")


def sources_of(kb: KnowledgeBase, refs: list[tuple[str, ...]]) -> list[SourceDoc]:
    """The source documents behind `refs`, each once, in order of first use."""
    docs = kb.sources
    seen = dict.fromkeys(ref for group in refs for ref in group if ref in docs)
    return [docs[ref] for ref in seen]


def role_source_refs(role: Role) -> list[tuple[str, ...]]:
    """Every `source`/`advice_source` of a role in document order (for footnote numbering)."""
    found: list[tuple[str, ...]] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                if key in ("source", "advice_source"):
                    found.append(tuple(child))
                else:
                    walk(child)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(role.model_dump(mode="json"))
    return found


# --- roles -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TierGroup:
    tier: TierInfo
    roles: tuple[Role, ...]


def tier_groups(kb: KnowledgeBase, tier: Tier | None = None) -> list[TierGroup]:
    """Roles grouped under their tier, in the landscape's tier order; empty tiers dropped."""
    return [
        TierGroup(tier_info(kb, t), tuple(roles))
        for t, roles in kb.roles_by_tier().items()
        if roles and (tier is None or t == tier)
    ]


# --- interview loops -------------------------------------------------------------------------


@dataclass(frozen=True)
class LoopMatrix:
    """Rounds side by side: one row per round kind any role has, one cell per role."""

    roles: tuple[Role, ...]
    kinds: tuple[RoundKind, ...]
    cells: dict[tuple[RoundKind, str], LoopRound]
    labels: dict[RoundKind, str]  # each kind's label, as the knowledge base names it

    def cell(self, kind: RoundKind, role: Role) -> LoopRound | None:
        return self.cells.get((kind, role.id))


def loop_matrix(kb: KnowledgeBase, roles: list[Role]) -> LoopMatrix:
    cells = {(r.kind, role.id): r for role in roles for r in role.loop.rounds}
    present = {kind for kind, _ in cells}
    if len(roles) == 1:  # one role: keep its own round order
        kinds = tuple(r.kind for r in roles[0].loop.rounds)
    else:
        kinds = tuple(k for k in kb.round_names if k in present)
    return LoopMatrix(tuple(roles), kinds, cells, {k: kb.round_names[k] for k in kinds})


# --- comparison ------------------------------------------------------------------------------


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


def _broad_us_range(figure: PayFigure, l5: PayFigure | None) -> bool:
    """A US range for the role as a whole (per-level and per-city figures stay in `show`)."""
    return (
        figure is not l5 and figure.low is not None and figure.level is Level.any and is_us(figure)
    )


def _dimensions(
    kb: KnowledgeBase, role: Role
) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    """(key, label, value, source) for each compared dimension of one role."""
    tier = tier_info(kb, role.tier)
    l5 = l5_us_tc(role)
    sector_names = kb.sector_names
    sectors = [f"{sector_names[d.sector]}: {demand_label(d.level)}" for d in role.sector_demand]
    sd, ci, rr = role.supply_demand, role.coding_intensity, role.research_reading
    rows: list[tuple[str, str, str | None, tuple[str, ...]]] = [
        ("tier", "Tier", tier.name, role.tier_provenance.source),
        ("primary_focus", "Primary focus", *_claim(role.primary_focus)),
        ("key_skill", "Key skill", *_claim(role.key_skill)),
        ("interview_emphasis", "Interview emphasis", *_claim(role.loop.emphasis)),
        ("l5_us_tc", "L5 US total comp", *(_figures([l5], labelled=False) if l5 else (None, ()))),
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
        ("us_pay", "US pay ranges", *_figures([f for f in role.pay if _broad_us_range(f, l5)])),
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


def _row_parts(role: Role, key: str, l5: PayFigure | None) -> tuple[Part, ...]:
    if key == "us_pay":
        return figure_parts([f for f in role.pay if _broad_us_range(f, l5)])
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
        parts = tuple(_row_parts(role, key, l5_us_tc(role)) for role in roles)
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


# --- market ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatRow:
    role: Role
    levels: tuple[DemandLevel | None, ...]  # one per sector of the heatmap
    source: tuple[str, ...]


@dataclass(frozen=True)
class Heatmap:
    sectors: tuple[SectorInfo, ...]
    rows: tuple[HeatRow, ...]


def heatmap(kb: KnowledgeBase) -> Heatmap:
    """Roles × sectors for the roles with sector data; sectors no role rates are dropped."""
    rated = [r for r in kb.roles if r.sector_demand]
    used = {d.sector for r in rated for d in r.sector_demand}
    sectors = tuple(s for s in kb.landscape.sectors if s.id in used)
    rows = []
    for role in rated:
        by_sector = {d.sector: d.level for d in role.sector_demand}
        refs = tuple(dict.fromkeys(s for d in role.sector_demand for s in d.source))
        rows.append(HeatRow(role, tuple(by_sector.get(s.id) for s in sectors), refs))
    return Heatmap(sectors, tuple(rows))


def stat_share(stat: Stat) -> float | None:
    """A statistic as a percentage, when the data allows one."""
    if stat.percent is not None:
        return stat.percent
    if stat.count is not None and stat.total:
        return 100 * stat.count / stat.total
    return None


def by_frequency(stats: list[Stat]) -> list[Stat]:
    """Most frequent first; statistics without a share keep their order at the end."""
    return sorted(stats, key=lambda s: -(stat_share(s) or -1.0))


FREQUENCIES = ("very-common", "common", "less-common")


def kb_counts(kb: KnowledgeBase) -> dict[str, int]:
    """What a valid knowledge base holds, for the `kb validate` summary."""
    return {
        "roles": len(kb.roles),
        "tiers": len(kb.landscape.tiers),
        "skills": len(kb.skills_file.skills),
        "backgrounds": len(kb.skills_file.backgrounds),
        "sources": len(kb.landscape.sources),
        "assessment dimensions": len(kb.assessment.dimensions),
        "practice problems": len(kb.assessment.practice_problems),
        "extra files": len(kb.extras),
    }
