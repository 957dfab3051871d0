"""Pure selectors behind the knowledge-base explorer: roles, show, loop, compare, market.

Each function takes the knowledge base (or roles from it) and returns plain result objects;
renderers turn those into tables or JSON without deciding anything themselves. Plain-text
labels live here too, because deciding whether two roles differ needs the words compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from roleadvisor.errors import UsageError
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.models import (
    AdviceTopic,
    Claim,
    Confusion,
    DemandLevel,
    Disagreement,
    Level,
    PayFigure,
    Role,
    RoundKind,
    SectorInfo,
    SourceDoc,
    Stat,
    SupplyDemand,
    Tier,
    TierInfo,
    Transition,
    ValueProvenance,
)
from roleadvisor.kb.models import Round as LoopRound

MAX_COMPARED = 6
MISSING = "—"

# --- words for enum values ------------------------------------------------------------------

_SUPPLY_WORDS = {
    SupplyDemand.oversupplied: "Oversupplied",
    SupplyDemand.balanced: "Balanced",
    SupplyDemand.high_demand: "High demand",
    SupplyDemand.high_demand_low_supply: "High demand, low supply",
    SupplyDemand.scarce_roles: "Scarce roles",
}

ROUND_LABELS = {
    RoundKind.phone_screen: "Phone screen",
    RoundKind.coding_1: "Coding 1",
    RoundKind.coding_2: "Coding 2",
    RoundKind.ml_depth: "ML depth",
    RoundKind.system_design: "System design",
    RoundKind.behavioral: "Behavioral",
    RoundKind.unique: "Unique round",
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


def provenance_json(prov: ValueProvenance) -> dict[str, Any]:
    return prov.model_dump(mode="json", exclude_none=True)


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
        if wanted in (info.id.value, " ".join(info.name.lower().split())):
            return info.id
    choices = ", ".join(t.id.value for t in kb.landscape.tiers)
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


def source_json(doc: SourceDoc) -> dict[str, Any]:
    return doc.model_dump(mode="json")


def pay_json(figure: PayFigure | None) -> dict[str, Any] | None:
    if figure is None:
        return None
    return {**figure.model_dump(mode="json"), "amount": pay_amount(figure)}


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


def roles_json(groups: list[TierGroup]) -> dict[str, Any]:
    return {
        "tiers": [
            {
                "id": g.tier.id.value,
                "name": g.tier.name,
                "purpose": g.tier.purpose.model_dump(mode="json"),
                "roles": [
                    {
                        "id": r.id,
                        "name": r.name,
                        "aliases": r.aliases,
                        "tier_provenance": provenance_json(r.tier_provenance),
                        "status": r.status.value,
                        "status_provenance": provenance_json(r.status_provenance),
                        "summary": r.summary.model_dump(mode="json"),
                        "supply_demand": (
                            r.supply_demand.model_dump(mode="json") if r.supply_demand else None
                        ),
                        "pay_summary": pay_json(pay_summary(r)),
                    }
                    for r in g.roles
                ],
            }
            for g in groups
        ]
    }


def show_json(kb: KnowledgeBase, role: Role) -> dict[str, Any]:
    return {
        "role": role.model_dump(mode="json"),
        "advice": [t.model_dump(mode="json") for t in advice_for(kb, role)],
        "disagreements": [d.model_dump(mode="json") for d in disagreements_for(kb, [role])],
        "tier": tier_info(kb, role.tier).model_dump(mode="json"),
        "pay_summary": pay_json(pay_summary(role)),
        "sources": [source_json(d) for d in sources_of(kb, role_source_refs(role))],
    }


# --- interview loops -------------------------------------------------------------------------


@dataclass(frozen=True)
class LoopMatrix:
    """Rounds side by side: one row per round kind any role has, one cell per role."""

    roles: tuple[Role, ...]
    kinds: tuple[RoundKind, ...]
    cells: dict[tuple[RoundKind, str], LoopRound]

    def cell(self, kind: RoundKind, role: Role) -> LoopRound | None:
        return self.cells.get((kind, role.id))


def loop_matrix(roles: list[Role]) -> LoopMatrix:
    cells = {(r.kind, role.id): r for role in roles for r in role.loop.rounds}
    present = {kind for kind, _ in cells}
    if len(roles) == 1:  # one role: keep its own round order
        kinds = tuple(r.kind for r in roles[0].loop.rounds)
    else:
        kinds = tuple(k for k in RoundKind if k in present)
    return LoopMatrix(tuple(roles), kinds, cells)


def loop_json(matrix: LoopMatrix) -> dict[str, Any]:
    return {
        "roles": [
            {"id": r.id, "name": r.name, "emphasis": r.loop.emphasis.model_dump(mode="json")}
            for r in matrix.roles
        ],
        "weights": WEIGHT_NOTE,
        "rounds": [
            {
                "kind": kind.value,
                "label": ROUND_LABELS[kind],
                "by_role": {
                    role.id: (
                        rnd.model_dump(mode="json") if (rnd := matrix.cell(kind, role)) else None
                    )
                    for role in matrix.roles
                },
            }
            for kind in matrix.kinds
        ],
    }


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
    sector_names = {s.id: s.name for s in kb.landscape.sectors}
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


def compare_json(comparison: Comparison) -> dict[str, Any]:
    return {
        "roles": [{"id": r.id, "name": r.name} for r in comparison.roles],
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "differs": row.differs,
                "values": {r.id: v for r, v in zip(comparison.roles, row.values, strict=True)},
                "sources": {
                    r.id: list(s) for r, s in zip(comparison.roles, row.sources, strict=True)
                },
                **(
                    {
                        "parts": {
                            r.id: [{"text": text, "source": list(refs)} for text, refs in p]
                            for r, p in zip(comparison.roles, row.parts, strict=True)
                        }
                    }
                    if row.parts
                    else {}
                ),
                **(
                    {
                        "provenance": {
                            r.id: provenance_json(p)
                            for r, p in zip(comparison.roles, row.provenance, strict=True)
                            if p is not None
                        }
                    }
                    if any(row.provenance)
                    else {}
                ),
            }
            for row in comparison.rows
        ],
        "confusions": [c.model_dump(mode="json") for c in comparison.confusions],
        "disagreements": [d.model_dump(mode="json") for d in comparison.disagreements],
    }


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


FREQUENCIES = ("very-common", "common", "less-common")


def market_json(kb: KnowledgeBase) -> dict[str, Any]:
    grid = heatmap(kb)
    return {
        "heatmap": {
            "sectors": [s.model_dump(mode="json") for s in grid.sectors],
            "rows": [
                {
                    "role": row.role.id,
                    "name": row.role.name,
                    "levels": {
                        s.id.value: (lvl.value if lvl else None)
                        for s, lvl in zip(grid.sectors, row.levels, strict=True)
                    },
                    "source": list(row.source),
                }
                for row in grid.rows
            ],
        },
        "supply_demand": [
            {"role": r.id, "name": r.name, **r.supply_demand.model_dump(mode="json")}
            for r in kb.roles
            if r.supply_demand
        ],
        "analysis": kb.landscape.market.model_dump(mode="json"),
        "trends": [t.model_dump(mode="json") for t in kb.landscape.trends],
        "disagreements": [d.model_dump(mode="json") for d in kb.landscape.disagreements],
        "sources": [source_json(s) for s in kb.landscape.sources],
    }


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
