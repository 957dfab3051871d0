"""The questionnaire's schema: the models of questionnaire.yaml, the scoring table of the
recommendation engine, and the cross-file check of the names it uses.

The walk through the questionnaire lives in roleadvisor.questionnaire; this module only
describes and validates the data.
"""

# Annotations stay objects (no `from __future__ import annotations`), as in kb.models.
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal, cast

from pydantic import BaseModel, Field, model_validator

from roleadvisor.kb.enums import (
    DemandLevel,
    FixedKind,
    Intensity,
    ReadingLoad,
    SupplyDemand,
)
from roleadvisor.kb.files import QUESTIONNAIRE_FILE
from roleadvisor.kb.lookups import QuestionnaireLookups
from roleadvisor.kb.models import (
    Explained,
    Id,
    Landscape,
    Sector,
    SkillsFile,
    SourceRef,
    Strict,
    Text,
    Tier,
)
from roleadvisor.kb.problems import Problem, format_loc, locate, unknown_id

FILE = QUESTIONNAIRE_FILE

# --- the models of questionnaire.yaml ----------------------------------------------------------

Weight = Annotated[float, Field(ge=-5, le=5)]


# A trait of a role that a choice may weigh by level (the levels are those of the role's field).
Trait = Literal["coding_intensity", "research_reading"]


class WeightBasis(Explained):
    """Where the weights of a choice or of the scoring table come from: documents, or our own
    judgement (`editorial`), which then says why in one line."""

    what: ClassVar[str] = "weight"


class TreeChoice(Strict):
    id: Id
    label: Text
    reason: Text | None = Field(
        default=None, description='Completes "You said ...", quoted in the reasons of a fit.'
    )
    roles: dict[Id, Weight] = {}
    tiers: dict[Tier, Weight] = {}
    traits: dict[Trait, dict[str, Weight]] = Field(
        default={}, description="Weight toward every role whose trait has the given level."
    )
    basis: WeightBasis | None = Field(default=None, description="Where the weights come from.")
    suggests_skills: list[Id] = Field(default=[], description="Pre-ticked in the skills list.")
    next: Id | None = Field(default=None, description="The next node; none ends the tree.")

    @model_validator(mode="after")
    def _weights_have_a_basis(self) -> "TreeChoice":
        if (self.roles or self.tiers or self.traits) and self.basis is None:
            raise ValueError(f"choice '{self.id}' weighs roles and needs `basis`")
        return self


class TreeNode(Strict):
    id: Id
    text: Text
    help: Text | None = None
    next_all: Id | None = Field(
        default=None, description="The next node of every choice that names none."
    )
    choices: Annotated[list[TreeChoice], Field(min_length=2)]

    @model_validator(mode="before")
    @classmethod
    def _fill_next(cls, data: object) -> object:
        if (
            isinstance(data, dict)
            and data.get("next_all")
            and isinstance(data.get("choices"), list)
        ):
            data = dict(data)
            data["choices"] = [
                {**c, "next": data["next_all"]} if isinstance(c, dict) and "next" not in c else c
                for c in data["choices"]
            ]
        return data



class FixedChoice(Strict):
    id: Id
    label: Text
    years: Annotated[int, Field(ge=0, le=60)] | None = None
    weeks: Annotated[int, Field(ge=1, le=520)] | None = None
    sectors: list[Sector] = []


class FixedQuestion(Strict):
    """A question outside the tree; background, skills and target-role take their choices
    from the knowledge base, the others list them here."""

    id: Id
    kind: FixedKind
    text: Text
    help: Text | None = None
    choices: list[FixedChoice] = []
    none_label: Text | None = Field(
        default=None, description="For target-role: the label of the 'not sure' choice."
    )

    @model_validator(mode="after")
    def _choices_where_needed(self) -> "FixedQuestion":
        listed = self.kind in (FixedKind.years, FixedKind.timeline, FixedKind.company)
        if listed and len(self.choices) < 2:
            raise ValueError(f"a {self.kind.value} question lists at least two choices")
        if not listed and self.choices:
            raise ValueError(f"a {self.kind.value} question takes its choices from the KB")
        for c in self.choices:
            if self.kind is FixedKind.years and c.years is None:
                raise ValueError(f"choice '{c.id}' needs `years`")
        if self.kind is FixedKind.target_role and not self.none_label:
            raise ValueError("a target-role question needs `none_label`")
        return self


class SectorSpeed(Strict):
    sector: Sector
    min_weeks: Annotated[int, Field(ge=0, le=52)]
    max_weeks: Annotated[int, Field(ge=0, le=52)]
    source: SourceRef


Part = Literal["interest", "skills", "ramp", "demand", "sector"]


class Scoring(Strict):
    """The tunable table of the recommendation engine (see recommend.py)."""

    weights: dict[Part, Annotated[float, Field(ge=0)]]
    short_weights: dict[Part, Annotated[float, Field(ge=0)]]
    short_timeline_weeks: Annotated[int, Field(ge=1)]
    tier_factor: Annotated[float, Field(ge=0, le=2)]
    interest_scale: Annotated[float, Field(gt=0)] = Field(
        description="Interest weight that counts as a full match."
    )
    current_role_interest: Annotated[float, Field(ge=0)] = Field(
        description="Interest credited to the role a person already does (they know it)."
    )
    ramp_horizon_weeks: Annotated[int, Field(ge=1)]
    weeks_per_missing_skill: Annotated[int, Field(ge=0)]
    min_estimate_weeks: Annotated[int, Field(ge=0)]
    max_estimate_weeks: Annotated[int, Field(ge=1)]
    supply_demand: dict[str, Annotated[float, Field(ge=0, le=1)]]
    sector_demand: dict[str, Annotated[float, Field(ge=0, le=1)]]
    weak_market_below: Annotated[float, Field(ge=0, le=1)] = Field(
        description="A market value (supply_demand) below this earns a top pick a caution."
    )
    close_points: Annotated[float, Field(ge=0)] = Field(
        description="Two top roles this close (in points) make a dual track."
    )
    dual_base_weeks: Annotated[int, Field(ge=1)] = Field(
        description="Added to each track's ramp-up when splitting prep time."
    )
    bridge_max_share: Annotated[float, Field(ge=0.5, le=1)] = Field(
        description="The most of the prep time a bridge role takes from the goal."
    )
    hiring_speed: list[SectorSpeed] = []
    basis: dict[str, WeightBasis] = Field(
        description="For every value above (hiring_speed cites its own): where it comes from."
    )

    @model_validator(mode="after")
    def _every_value_has_a_basis(self) -> "Scoring":
        values = set(type(self).model_fields) - {"basis", "hiring_speed"}
        missing = sorted(values - set(self.basis))
        if missing:
            raise ValueError(f"`basis` says nothing of: {', '.join(missing)}")
        unknown = sorted(set(self.basis) - values)
        if unknown:
            raise ValueError(f"`basis` names unknown values: {', '.join(unknown)}")
        return self

    @model_validator(mode="after")
    def _all_parts(self) -> "Scoring":
        for name in ("weights", "short_weights"):
            table = getattr(self, name)
            if set(table) != set(Part.__args__):  # type: ignore[attr-defined]
                raise ValueError(f"`{name}` must weigh each of {', '.join(Part.__args__)}")  # type: ignore[attr-defined]
            if sum(table.values()) <= 0:
                raise ValueError(f"`{name}` must not all be zero")
        return self


class Tree(Strict):
    start: Id
    nodes: Annotated[list[TreeNode], Field(min_length=1)]

    @model_validator(mode="after")
    def _is_a_tree(self) -> "Tree":
        ids = [n.id for n in self.nodes]
        if len(set(ids)) != len(ids):
            raise ValueError("each tree node id may appear once")
        by_id = {n.id: n for n in self.nodes}
        if self.start not in by_id:
            raise ValueError(f"start node '{self.start}' is not among the nodes")
        for n in self.nodes:
            choice_ids = [c.id for c in n.choices]
            if len(set(choice_ids)) != len(choice_ids):
                raise ValueError(f"node '{n.id}' repeats a choice id")
            for c in n.choices:
                if c.next is not None and c.next not in by_id:
                    raise ValueError(f"choice '{n.id}.{c.id}' leads to unknown node '{c.next}'")
        cycle = _find_cycle(self.start, by_id)
        if cycle:
            raise ValueError(f"the tree has a cycle: {' -> '.join(cycle)}")
        reached = _reachable(self.start, by_id)
        unreached = [i for i in ids if i not in reached]
        if unreached:
            raise ValueError(f"nodes never reached from '{self.start}': {', '.join(unreached)}")
        return self


class Questionnaire(QuestionnaireLookups, Strict):
    """The whole of questionnaire.yaml."""

    before_tree: list[FixedQuestion] = []
    tree: Tree
    after_tree: list[FixedQuestion] = []
    scoring: Scoring

    @model_validator(mode="after")
    def _fixed_once(self) -> "Questionnaire":
        fixed = [*self.before_tree, *self.after_tree]
        kinds = [q.kind for q in fixed]
        missing = [k.value for k in FixedKind if k not in kinds]
        if missing:
            raise ValueError(f"questions missing for: {', '.join(missing)}")
        if len(set(kinds)) != len(kinds):
            raise ValueError("each fixed question kind may appear once")
        ids = [q.id for q in fixed] + [n.id for n in self.tree.nodes]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"question ids used twice: {', '.join(dup)}")
        return self

    if TYPE_CHECKING:  # the look-ups (kb.lookups) with this file's types

        def node(self, node_id: str) -> TreeNode | None: ...
        def fixed(self, kind: FixedKind) -> FixedQuestion: ...
        def fixed_by_id(self, question_id: str) -> FixedQuestion | None: ...
        def paths(self) -> Iterator[list[tuple[TreeNode, TreeChoice]]]: ...


def _find_cycle(start: str, by_id: dict[str, TreeNode]) -> list[str]:
    on_path: list[str] = []
    done: set[str] = set()

    def visit(node_id: str) -> list[str]:
        if node_id in on_path:
            return [*on_path[on_path.index(node_id) :], node_id]
        if node_id in done:
            return []
        on_path.append(node_id)
        for c in by_id[node_id].choices:
            if c.next is not None:
                found = visit(c.next)
                if found:
                    return found
        on_path.pop()
        done.add(node_id)
        return []

    # every node, so cycles among unreachable nodes are named too
    for node_id in [start, *by_id]:
        found = visit(node_id)
        if found:
            return found
    return []


def _reachable(start: str, by_id: dict[str, TreeNode]) -> set[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        node_id = stack.pop()
        if node_id in seen:
            continue
        seen.add(node_id)
        stack.extend(c.next for c in by_id[node_id].choices if c.next is not None)
    return seen


# --- the cross-file check (registered in kb.validation.EXTRA_CHECKS) ------------------------


def check_questionnaire(kb_dir: Path, models: dict[str, BaseModel]) -> list[Problem]:
    """Every role, skill and sector the questionnaire names exists; ids do not clash."""
    q = cast(Questionnaire | None, models.get(FILE))
    if q is None:
        return []
    problems: list[Problem] = []

    def add(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(FILE, format_loc(loc), message, locate(kb_dir / FILE, loc)))

    roles_file = models.get("roles.yaml")
    role_ids = {r.id for r in getattr(roles_file, "roles", [])} if roles_file else None
    skills_file = cast(SkillsFile | None, models.get("skills.yaml"))
    skill_ids = {s.id for s in skills_file.skills} if skills_file else None
    assessment = models.get("assessment.yaml")
    dims = {d.id for d in getattr(assessment, "dimensions", [])}
    landscape = cast(Landscape | None, models.get("landscape.yaml"))
    tier_ids = [t.id for t in landscape.tiers] if landscape else None
    sector_ids = [s.id for s in landscape.sectors] if landscape else None
    source_ids = [s.id for s in landscape.sources] if landscape else None

    def check_sector(loc: tuple[str | int, ...], sector: str) -> None:
        if sector_ids is not None and sector not in sector_ids:
            add(loc, unknown_id("sector", sector, sector_ids))

    for i, node in enumerate(q.tree.nodes):
        if node.id in dims:
            add(("tree", "nodes", i, "id"), f"'{node.id}' is also a self-assessment dimension")
        for j, c in enumerate(node.choices):
            at: tuple[str | int, ...] = ("tree", "nodes", i, "choices", j)
            if role_ids is not None:
                for r in c.roles:
                    if r not in role_ids:
                        add((*at, "roles", r), f"unknown role '{r}'")
            if tier_ids is not None:
                for t in c.tiers:
                    if t not in tier_ids:
                        add((*at, "tiers", t), unknown_id("tier", t, tier_ids))
            levels: dict[str, list[str]] = {
                "coding_intensity": [v.value for v in Intensity],
                "research_reading": [v.value for v in ReadingLoad],
            }
            for trait, weights in c.traits.items():
                known = levels[trait]
                for level in weights:
                    if level not in known:
                        add((*at, "traits", trait, level), unknown_id(trait, level, known))
            if c.basis is not None and source_ids is not None:
                for s in c.basis.source:
                    if s not in source_ids:
                        add((*at, "basis", "source"), unknown_id("source", s, source_ids))
            if skill_ids is not None:
                for k, s in enumerate(c.suggests_skills):
                    if s not in skill_ids:
                        add((*at, "suggests_skills", k), f"unknown skill '{s}'")
    for section in ("before_tree", "after_tree"):
        for i, fq in enumerate(getattr(q, section)):
            if fq.id in dims:
                add((section, i, "id"), f"'{fq.id}' is also a self-assessment dimension")
            for j, choice in enumerate(fq.choices):
                for k, sector in enumerate(choice.sectors):
                    check_sector((section, i, "choices", j, "sectors", k), sector)
    sd = q.scoring
    for name, basis in sd.basis.items():
        for s in basis.source:
            if source_ids is not None and s not in source_ids:
                add(("scoring", "basis", name, "source"), unknown_id("source", s, source_ids))
    for i, speed in enumerate(sd.hiring_speed):
        check_sector(("scoring", "hiring_speed", i, "sector"), speed.sector)
    for supply in SupplyDemand:  # the levels a role's supply/demand may take, from the schema
        if supply.value not in sd.supply_demand:
            add(("scoring", "supply_demand"), f"no value for supply/demand level '{supply.value}'")
    for demand in DemandLevel:
        if demand.value not in sd.sector_demand:
            add(("scoring", "sector_demand"), f"no value for sector demand level '{demand.value}'")
    return problems
