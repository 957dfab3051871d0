"""Full validation of a knowledge base: each file against its model (kb.loader), then the
checks across files — ids unique, every reference resolving, every value's source declared.

`roleadvisor kb validate` runs it every time; commands run it when the validated cache has no
entry for the files (kb.cache), and then read the result as records (kb.records).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import cast

from pydantic import BaseModel

from roleadvisor.kb.base import KnowledgeBase, role_key
from roleadvisor.kb.files import ROLES_FILE, read_yaml, role_files
from roleadvisor.kb.loader import RoleOrigins, load_models
from roleadvisor.kb.models import (
    AssessmentFile,
    Landscape,
    RolesFile,
    SkillsFile,
    ValueProvenance,
)
from roleadvisor.kb.problems import Problem, format_loc, locate, unknown_id

Loc = tuple[str | int, ...]
_SOURCE_FIELDS = frozenset({"source", "advice_source"})
_WALKED = (BaseModel, list, tuple)


@dataclass
class _References:
    """Every `source`/`advice_source` reference and every value-level provenance inside a
    validated model, each with its path, in document order."""

    sources: list[tuple[Loc, str]] = field(default_factory=list)
    provenance: list[tuple[Loc, ValueProvenance]] = field(default_factory=list)

    def collect(self, value: object, at: Loc = (), in_provenance: bool = False) -> _References:
        # One walk with plain calls: the knowledge base holds thousands of values, and a chain
        # of nested generators per value cost more than parsing the YAML.
        if isinstance(value, BaseModel):
            here = isinstance(value, ValueProvenance)  # no provenance is looked for inside one
            if here and not in_provenance:
                self.provenance.append((at, cast(ValueProvenance, value)))
            fields = value.__dict__
            for name in type(value).model_fields:
                child = fields[name]
                if name in _SOURCE_FIELDS and isinstance(child, tuple):
                    self.sources.extend(((*at, name), ref) for ref in child)
                elif isinstance(child, _WALKED):
                    self.collect(child, (*at, name), in_provenance or here)
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                if isinstance(item, _WALKED):
                    self.collect(item, (*at, i), in_provenance)
        return self


def cross_check(
    kb_dir: Path, models: dict[str, BaseModel], origins: RoleOrigins | None = None
) -> list[Problem]:
    """References between files: ids unique, every reference resolving.

    `origins` maps each role of the merged roles to its file and index there (default: all
    from roles.yaml, in order)."""
    problems: list[Problem] = []

    def add(file: str, loc: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(file, format_loc(loc), message, locate(kb_dir / file, loc)))

    def add_role(i: int, loc: tuple[str | int, ...], message: str) -> None:
        """A problem inside the i-th merged role, reported in the file that defines it."""
        file, j = origins[i] if origins is not None and i < len(origins) else (ROLES_FILE, i)
        add(file, ("roles", j, *loc), message)

    def check_roles(file: str, at: tuple[str | int, ...], named: list[str]) -> None:
        """Every role id in `named` (at key path `at`) must be a role of roles.yaml."""
        if roles_file is None:  # roles.yaml's own errors are reported instead
            return
        for j, r in enumerate(named):
            if r not in role_ids:
                add(file, (*at, j), f"unknown role '{r}'")

    roles_file = cast(RolesFile | None, models.get("roles.yaml"))
    landscape = cast(Landscape | None, models.get("landscape.yaml"))
    skills_file = cast(SkillsFile | None, models.get("skills.yaml"))
    assessment = cast(AssessmentFile | None, models.get("assessment.yaml"))

    role_ids: set[str] = set()
    if roles_file is not None:
        seen: dict[str, str] = {}
        for i, role in enumerate(roles_file.roles):
            if role.id in role_ids:
                # its name and aliases would only repeat the same finding
                add_role(i, ("id",), f"role id '{role.id}' is defined twice")
                continue
            for j, name in enumerate((role.id, role.name, *role.aliases)):
                key = role_key(name)
                where: tuple[str | int, ...] = ("aliases", j - 2)
                if j < 2:
                    where = ("id" if j == 0 else "name",)
                if key in seen and seen[key] != role.id:
                    add_role(i, where, f"'{name}' already names role '{seen[key]}'")
                elif key in seen and j > 0 and key != role_key(role.id):
                    add_role(i, where, f"'{name}' is listed twice for role '{role.id}'")
                seen.setdefault(key, role.id)
            role_ids.add(role.id)

    source_ids = {s.id for s in landscape.sources} if landscape else set()
    if landscape is not None:
        dup = _duplicates(s.id for s in landscape.sources)
        for d in dup:
            add("landscape.yaml", ("sources",), f"source id '{d}' is defined twice")
        for d in _duplicates(t.id for t in landscape.tiers):
            add("landscape.yaml", ("tiers",), f"tier id '{d}' is defined twice")
        for d in _duplicates(s.id for s in landscape.sectors):
            add("landscape.yaml", ("sectors",), f"sector id '{d}' is defined twice")
        for d in _duplicates(k.id for k in landscape.round_kinds):
            add("landscape.yaml", ("round_kinds",), f"round kind '{d}' is defined twice")
        for i, c in enumerate(landscape.confusions):
            check_roles("landscape.yaml", ("confusions", i, "roles"), c.roles)
        for i, v in enumerate(landscape.company_variations):
            check_roles("landscape.yaml", ("company_variations", i, "roles"), v.roles)
        for i, topic in enumerate(landscape.advice):
            check_roles("landscape.yaml", ("advice", i, "roles"), topic.roles)
        for i, point in enumerate(landscape.disagreements):
            check_roles("landscape.yaml", ("disagreements", i, "roles"), point.roles)

    skill_ids: set[str] = set()
    background_ids: set[str] = set()
    if skills_file is not None:
        skill_ids = {s.id for s in skills_file.skills}
        background_ids = {b.id for b in skills_file.backgrounds}
        for d in _duplicates(s.id for s in skills_file.skills):
            add("skills.yaml", ("skills",), f"skill id '{d}' is defined twice")
        for d in _duplicates(b.id for b in skills_file.backgrounds):
            add("skills.yaml", ("backgrounds",), f"background id '{d}' is defined twice")
        for i, b in enumerate(skills_file.backgrounds):
            if b.role is not None and roles_file is not None and b.role not in role_ids:
                add("skills.yaml", ("backgrounds", i, "role"), f"unknown role '{b.role}'")
            for j, s in enumerate(b.skills):
                if s not in skill_ids:
                    add("skills.yaml", ("backgrounds", i, "skills", j), f"unknown skill '{s}'")
        if roles_file is not None:
            # a person may already do any role of the landscape: each is also a background
            as_background = {b.role for b in skills_file.backgrounds}
            for r in sorted(role_ids - as_background):
                add("skills.yaml", ("backgrounds",), f"no background for role '{r}'")

    if landscape is not None:
        tier_ids = [t.id for t in landscape.tiers]
        sector_ids = [s.id for s in landscape.sectors]
        for file, i, tier, sectors in _tiers_and_sectors(kb_dir, roles_file, origins):
            if tier is not None and tier not in tier_ids:
                add(file, ("roles", i, "tier"), unknown_id("tier", tier, tier_ids))
            for j, sector in enumerate(sectors):
                if sector is not None and sector not in sector_ids:
                    where = ("roles", i, "sector_demand", j, "sector")
                    add(file, where, unknown_id("sector", sector, sector_ids))
    if roles_file is not None and landscape is not None:
        kinds = [k.id for k in landscape.round_kinds]
        for i, role in enumerate(roles_file.roles):
            for j, rnd in enumerate(role.loop.rounds):
                if rnd.kind not in kinds:
                    add_role(
                        i, ("loop", "rounds", j, "kind"), unknown_id("round kind", rnd.kind, kinds)
                    )
    if roles_file is not None:
        for i, role in enumerate(roles_file.roles):
            if skills_file is not None:
                for j, s in enumerate(role.skills.items):
                    if s not in skill_ids:
                        add_role(
                            i,
                            ("skills", "items", j),
                            f"unknown skill '{s}' (define it in skills.yaml)",
                        )
                for j, t in enumerate(role.transitions):
                    if t.background not in background_ids:
                        add_role(
                            i,
                            ("transitions", j, "background"),
                            f"unknown background '{t.background}' (define it in skills.yaml)",
                        )
    if assessment is not None:
        for i, p in enumerate(assessment.practice_problems):
            check_roles(
                "assessment.yaml", ("practice_problems", i, "expected_roles"), p.expected_roles
            )

    if landscape is not None:
        source_kinds = {s.id: s.kind for s in landscape.sources}

        def unknown_source(ref: str) -> str:
            return f"unknown source '{ref}' (define it under sources in landscape.yaml)"

        def misattributed(prov: ValueProvenance) -> str | None:
            wrong = [r for r in prov.source if source_kinds.get(r, "document") == "editorial"]
            if prov.is_editorial or not wrong:
                return None
            return (
                f"a {prov.kind.value} value cites the editorial source {wrong[0]!r}; "
                "mark the value `editorial` instead"
            )

        # each model with where its problems are reported: a role in the file that defines it
        checked: list[tuple[Callable[[tuple[str | int, ...], str], None], BaseModel]] = []
        for file, model in models.items():
            if file == ROLES_FILE and roles_file is not None:
                checked += [(partial(add_role, i), r) for i, r in enumerate(roles_file.roles)]
            else:
                checked.append((partial(add, file), model))
        for report, part in checked:
            found = _References().collect(part)
            for loc, ref in found.sources:
                if ref not in source_ids:
                    report(loc, unknown_source(ref))
            for loc, prov in found.provenance:
                if (message := misattributed(prov)) is not None:
                    report(loc, message)
    return problems


def _tiers_and_sectors(
    kb_dir: Path, roles_file: RolesFile | None, origins: RoleOrigins | None
) -> Iterator[tuple[str, int, str | None, list[str | None]]]:
    """Each role's file, index there, tier and sector ids. When a role file failed validation
    they are read from the raw YAML, so an undeclared tier is reported in the same run as the
    file's own errors."""
    if roles_file is not None:
        for i, role in enumerate(roles_file.roles):
            file, j = origins[i] if origins is not None and i < len(origins) else (ROLES_FILE, i)
            yield file, j, role.tier, [d.sector for d in role.sector_demand]
        return
    for file in role_files(kb_dir):
        yield from _raw_tiers_and_sectors(kb_dir, file)


def _raw_tiers_and_sectors(
    kb_dir: Path, file: str
) -> Iterator[tuple[str, int, str | None, list[str | None]]]:
    try:
        raw = read_yaml(kb_dir / file).get("roles")
    except Exception:  # the file's own problem is reported already
        return
    for i, role in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(role, dict):
            continue
        demand = role.get("sector_demand")
        sectors = [
            d.get("sector") if isinstance(d, dict) and isinstance(d.get("sector"), str) else None
            for d in (demand if isinstance(demand, list) else [])
        ]
        tier = role.get("tier")
        yield file, i, tier if isinstance(tier, str) else None, sectors


def _duplicates(ids: Iterator[str] | list[str]) -> list[str]:
    seen: set[str] = set()
    dups: list[str] = []
    for i in ids:
        if i in seen:
            dups.append(i)
        seen.add(i)
    return dups


# Cross-file checks contributed by modules that own an extra file (the questionnaire, the
# posting signals): each takes the directory and the validated models, returns problems.
ExtraCheck = Callable[[Path, dict[str, BaseModel]], list[Problem]]


def _check_signals(kb_dir: Path, models: dict[str, BaseModel]) -> list[Problem]:
    from roleadvisor.kb.signals_models import check_signals  # imported only to validate

    return check_signals(kb_dir, models)


def _check_questionnaire(kb_dir: Path, models: dict[str, BaseModel]) -> list[Problem]:
    from roleadvisor.kb.questionnaire_models import check_questionnaire  # only to validate

    return check_questionnaire(kb_dir, models)


EXTRA_CHECKS: list[ExtraCheck] = [_check_signals, _check_questionnaire]


def validate_dir(kb_dir: Path) -> tuple[KnowledgeBase | None, list[Problem]]:
    models, problems, origins = load_models(kb_dir)
    problems.extend(cross_check(kb_dir, models, origins))
    for check in EXTRA_CHECKS:
        problems.extend(check(kb_dir, models))
    if problems:
        return None, problems
    kb = KnowledgeBase(
        directory=kb_dir,
        roles=tuple(cast(RolesFile, models["roles.yaml"]).roles),
        landscape=cast(Landscape, models["landscape.yaml"]),
        skills_file=cast(SkillsFile, models["skills.yaml"]),
        assessment=cast(AssessmentFile, models["assessment.yaml"]),
        extras={k: v for k, v in models.items() if k not in _CORE_FILES},
    )
    return kb, problems


_CORE_FILES = ("roles.yaml", "landscape.yaml", "skills.yaml", "assessment.yaml")
