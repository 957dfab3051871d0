"""Pure selectors behind the knowledge-base explorer: roles, show, loop and market.

Each function takes the knowledge base (or roles from it) and returns plain result objects;
renderers turn those into tables or JSON without deciding anything themselves. The comparison
matrix is roleadvisor.comparison; which pay figure leads is roleadvisor.pay.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from roleadvisor.errors import UsageError
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.enums import DemandLevel

if TYPE_CHECKING:
    from roleadvisor.kb.models import (
        AdviceTopic,
        Disagreement,
        Role,
        RoundKind,
        SectorInfo,
        SourceDoc,
        Stat,
        Tier,
        TierInfo,
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
