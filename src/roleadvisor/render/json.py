"""The JSON of every command, built in one place from the core's results.

Each function returns plain data (dicts, lists, strings, numbers) ready for `print_json`; the
shapes are documented in each command's help.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from roleadvisor.comparison import Comparison
from roleadvisor.explore import (
    LoopMatrix,
    TierGroup,
    advice_for,
    disagreements_for,
    heatmap,
    role_source_refs,
    sources_of,
    tier_info,
)
from roleadvisor.labels import WEIGHT_NOTE, pay_amount
from roleadvisor.pay import pay_summary
from roleadvisor.state.plain import Plain, to_json

if TYPE_CHECKING:
    from roleadvisor.decode import DecodeResult, SkillCheck
    from roleadvisor.kb.base import KnowledgeBase
    from roleadvisor.kb.models import PayFigure, Role, SourceDoc, ValueProvenance
    from roleadvisor.kb.problems import Problem
    from roleadvisor.plan_models import PrepPlan


def model(result: Any) -> Any:
    """A result (or a list of them) as it is stored: the default JSON of a command. The core's
    results are plain values; the knowledge base's records dump as their models do."""
    if isinstance(result, Sequence):
        return [model(item) for item in result]
    if isinstance(result, Plain):
        return to_json(result)
    return result.model_dump(mode="json")


# --- the knowledge-base explorer ---------------------------------------------------------------


def source(doc: SourceDoc) -> dict[str, Any]:
    return doc.model_dump(mode="json")


def provenance(prov: ValueProvenance) -> dict[str, Any]:
    return prov.model_dump(mode="json", exclude_none=True)


def pay(figure: PayFigure | None) -> dict[str, Any] | None:
    if figure is None:
        return None
    return {**figure.model_dump(mode="json"), "amount": pay_amount(figure)}


def roles(kb: KnowledgeBase, groups: list[TierGroup]) -> dict[str, Any]:
    rule = kb.landscape.pay_headline
    return {
        "tiers": [
            {
                "id": g.tier.id,
                "name": g.tier.name,
                "purpose": g.tier.purpose.model_dump(mode="json"),
                "roles": [
                    {
                        "id": r.id,
                        "name": r.name,
                        "aliases": r.aliases,
                        "tier_provenance": provenance(r.tier_provenance),
                        "status": r.status.value,
                        "status_provenance": provenance(r.status_provenance),
                        "summary": r.summary.model_dump(mode="json"),
                        "supply_demand": (
                            r.supply_demand.model_dump(mode="json") if r.supply_demand else None
                        ),
                        "pay_summary": pay(pay_summary(r, rule)),
                    }
                    for r in g.roles
                ],
            }
            for g in groups
        ]
    }


def show(kb: KnowledgeBase, role: Role) -> dict[str, Any]:
    return {
        "role": role.model_dump(mode="json"),
        "advice": [t.model_dump(mode="json") for t in advice_for(kb, role)],
        "disagreements": [d.model_dump(mode="json") for d in disagreements_for(kb, [role])],
        "tier": tier_info(kb, role.tier).model_dump(mode="json"),
        "pay_summary": pay(pay_summary(role, kb.landscape.pay_headline)),
        "sources": [source(d) for d in sources_of(kb, role_source_refs(role))],
    }


def loop(matrix: LoopMatrix) -> dict[str, Any]:
    return {
        "roles": [
            {"id": r.id, "name": r.name, "emphasis": r.loop.emphasis.model_dump(mode="json")}
            for r in matrix.roles
        ],
        "weights": WEIGHT_NOTE,
        "rounds": [
            {
                "kind": kind,
                "label": matrix.labels[kind],
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


def compare(comparison: Comparison) -> dict[str, Any]:
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
                            r.id: provenance(p)
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


def market(kb: KnowledgeBase) -> dict[str, Any]:
    grid = heatmap(kb)
    return {
        "heatmap": {
            "sectors": [s.model_dump(mode="json") for s in grid.sectors],
            "rows": [
                {
                    "role": row.role.id,
                    "name": row.role.name,
                    "levels": {
                        s.id: (lvl.value if lvl else None)
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
        "sources": [source(s) for s in kb.landscape.sources],
    }


def validation(
    directory: str, problems: Sequence[Problem], counts: dict[str, int], ok: bool
) -> dict[str, Any]:
    return {
        "directory": directory,
        "ok": ok,
        "problems": [
            {"file": p.file, "line": p.line, "path": p.path, "message": p.message}
            for p in problems
        ],
        "counts": counts,
    }


# --- assessment, decode, plan ------------------------------------------------------------------


def assessment(result: Plain, changes: dict[str, int]) -> dict[str, Any]:
    data: dict[str, Any] = to_json(result)
    data["changes_since_last"] = changes
    return data


def decode(
    result: DecodeResult,
    check: SkillCheck | None = None,
    added: list[str] | None = None,
    gaps_file: str | None = None,
) -> dict[str, Any]:
    data = result.to_dict()
    data["best"] = result.best.role if result.best else None
    data["declined"] = None if result.outcome == "role" else result.reason
    if check is not None:
        data["requirements"] = {"met": check.met, "missing": check.missing}
    if added is not None:
        data["added_to_plan"] = {"skills": added, "file": gaps_file}
    return data


def plan(result: PrepPlan) -> dict[str, Any]:
    return {**to_json(result), "fits": result.fits}


def review(topic: str, title: str, record: Plain) -> dict[str, Any]:
    return {"topic": topic, "title": title, **to_json(record)}
