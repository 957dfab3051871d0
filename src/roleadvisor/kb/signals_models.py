"""The shape of `signals.yaml`: the vocabulary `decode` uses to read a job posting.

Each role lists the phrases a posting uses when it really means that role and the title
patterns that name it; families group roles that a posting can span; seniority levels map
title words and years of experience; the scoring block holds the tunable weights and the
multi-role rule. A cross-check makes sure every role and skill id named here exists.
"""

# Annotations stay objects (no `from __future__ import annotations`), as in kb.models.
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

from pydantic import BaseModel, Field, model_validator

from roleadvisor.kb.files import SIGNALS_FILE
from roleadvisor.kb.models import Claim, Id, RolesFile, SkillsFile, SourceRef, Strict, Text

if TYPE_CHECKING:
    from roleadvisor.kb.problems import Problem

FILE_NAME = SIGNALS_FILE

Phrase = Annotated[str, Field(min_length=1, max_length=120)]
Share = Annotated[float, Field(gt=0, le=1)]
Weight = Annotated[float, Field(ge=0, le=100)]


class RoleSignal(Strict):
    """What a posting says when it means this role."""

    role: Id
    titles: list[Phrase] = Field(
        default_factory=list, description="Title phrases that name the role."
    )
    phrases: Annotated[list[Phrase], Field(min_length=1)] = Field(
        description="Responsibilities and vocabulary of the body text that point to the role."
    )
    duties: list[Phrase] = Field(
        default_factory=list,
        description="What the person does all day in this role: weighed above other phrases.",
    )
    source: SourceRef


class Family(Strict):
    """Roles that do the same kind of work; a posting spanning families is several jobs."""

    id: Id
    name: Text
    roles: Annotated[list[Id], Field(min_length=1)]


class SeniorityLevel(Strict):
    id: Id
    name: Text
    title_words: list[Phrase] = Field(default_factory=list)
    phrases: list[Phrase] = Field(default_factory=list)
    min_years: Annotated[int, Field(ge=0, le=50)] = 0
    max_years: Annotated[int, Field(ge=0, le=50)] | None = None
    source: SourceRef

    @model_validator(mode="after")
    def _ordered(self) -> "SeniorityLevel":
        if self.max_years is not None and self.max_years < self.min_years:
            raise ValueError(f"max_years ({self.max_years}) is below min_years ({self.min_years})")
        return self


class ExactCase(Strict):
    """A short skill keyword that only counts when written exactly so (`Go`, not `go`)."""

    keyword: Phrase
    written: Phrase
    not_next_to: str = Field(default="", description="Characters that may not touch it.")


class Sign(Strict):
    """A named pattern of roles scoring close together, with what it usually means."""

    id: Id
    roles: Annotated[list[Id], Field(min_length=2)]
    within: Share = Field(description="Each role must score at least this share of the top.")
    meaning: Claim


class MultiRole(Strict):
    within: Share = Field(description="A role is close when it scores this share of the top.")
    min_roles: Annotated[int, Field(ge=2, le=10)]
    min_families: Annotated[int, Field(ge=2, le=10)]
    min_evidence: Annotated[int, Field(ge=1, le=50)] = Field(
        description="Distinct pieces of evidence a close role needs before it counts."
    )
    meaning: Claim


class Scoring(Strict):
    skill: Weight = Field(description="Weight of a skill the role lists, before specificity.")
    phrase: Weight = Field(description="Weight of a role phrase, before specificity.")
    title: Weight = Field(description="Bonus for the role the title names.")
    size_damping: Annotated[float, Field(ge=0, le=1)] = Field(
        description="How much a large vocabulary is discounted (0 none, 1 full average)."
    )
    title_mismatch: Share = Field(
        description="The title's role disagrees when it scores below this share of the top."
    )
    quote_chars: Annotated[int, Field(ge=10, le=200)] = 40
    duty: Weight = Field(
        default=1.6, description="Weight of a duty of the role, before specificity."
    )
    repeat: Annotated[float, Field(ge=0, le=2)] = Field(
        default=0.0,
        description="How much a duty said again counts: times 1 + repeat * ln(times said).",
    )
    repeat_cap: Annotated[int, Field(ge=1, le=50)] = Field(
        default=1, description="Repetitions of one duty counted at most."
    )
    tool_cap: Weight | None = Field(
        default=None,
        description="The most a role's tools (skills) add up to: a long list of tools "
        "saturates toward it instead of outvoting the duties.",
    )


class Section(Strict):
    """A kind of posting section, known by its headings, and how much its words count."""

    id: Id
    weight: Annotated[float, Field(ge=0, le=1)] = Field(
        description="How much evidence under these headings counts (0 not at all, 1 fully)."
    )
    headings: Annotated[list[Phrase], Field(min_length=1)] = Field(
        description="How a heading line of this section starts."
    )


class Ambiguous(Strict):
    """A keyword that is evidence only in the right company (`regression` the model, not tests)."""

    keyword: Phrase
    not_before: list[Phrase] = Field(
        default_factory=list, description="Words right after it that give it another meaning."
    )
    not_after: list[Phrase] = Field(
        default_factory=list, description="Words right before it that give it another meaning."
    )
    near: list[Phrase] = Field(
        default_factory=list,
        description="When given, it counts only with one of these within `window` words.",
    )
    window: Annotated[int, Field(ge=1, le=40)] = 8
    not_in_names: bool = Field(
        default=False,
        description="Capitalised after another capitalised word, it is part of a name.",
    )


class Decline(Strict):
    """When decode says a posting is not an AI role, or too thin to read."""

    ai_context: Annotated[list[Phrase], Field(min_length=1)] = Field(
        description="Words that show AI or ML work; a posting needs some in what the job asks."
    )
    min_context: Annotated[int, Field(ge=1, le=20)] = Field(
        description="Distinct AI-context words the job's own sections must hold."
    )
    context_weight: Annotated[float, Field(ge=0, le=1)] = Field(
        description="The least section weight at which a word counts as the job's own."
    )
    min_evidence: Annotated[int, Field(ge=1, le=50)] = Field(
        description="Distinct pieces of evidence below which there is too little to go on."
    )
    min_words: Annotated[int, Field(ge=1, le=1000)] = 40
    source: SourceRef


class NamedRole(Strict):
    """The job's own text naming the role it hires for ("As a Machine Learning Engineer, you
    will ..."): evidence from the body, read through the roles' single-phrase title patterns."""

    weight: Weight = Field(description="Bonus for the role the job's own text names most often.")
    frames: Annotated[list[Phrase], Field(min_length=1)] = Field(
        description="Words right before the name that make it the job being offered (a, an, "
        "as); seniority title words may stand between. A plural name is never the job."
    )
    gap: Annotated[int, Field(ge=0, le=6)] = Field(
        default=0,
        description="Other words (\"an experienced and motivated ...\") that may stand "
        "between the frame and the name, besides seniority words.",
    )


class SignalsFile(Strict):
    source: SourceRef
    scoring: Scoring
    multi_role: MultiRole
    signs: list[Sign] = Field(default_factory=list)
    families: Annotated[list[Family], Field(min_length=1)]
    seniority: list[SeniorityLevel] = Field(default_factory=list)
    masks: list[Phrase] = Field(
        default_factory=list, description="Phrases whose words never count as evidence (idioms)."
    )
    exact_case: list[ExactCase] = Field(default_factory=list)
    ambiguous: list[Ambiguous] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    boilerplate: list[Phrase] = Field(
        default_factory=list, description="Phrases that mark a paragraph as boilerplate."
    )
    asks_weight: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.5, description="Least section weight at which a skill counts as asked for."
    )
    decline: Decline | None = None
    named_role: NamedRole | None = None
    roles: Annotated[list[RoleSignal], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique(self) -> "SignalsFile":
        for what, ids in (
            ("role", [r.role for r in self.roles]),
            ("family", [f.id for f in self.families]),
            ("seniority level", [s.id for s in self.seniority]),
        ):
            dup = sorted({i for i in ids if ids.count(i) > 1})
            if dup:
                raise ValueError(f"{what} '{dup[0]}' is listed twice")
        members = [r for f in self.families for r in f.roles]
        dup = sorted({r for r in members if members.count(r) > 1})
        if dup:
            raise ValueError(f"role '{dup[0]}' belongs to more than one family")
        return self


def check_signals(kb_dir: Path, models: dict[str, BaseModel]) -> "list[Problem]":
    """Every role and skill id that signals.yaml names must exist; every role needs a family."""
    from roleadvisor.kb.problems import Problem, format_loc, locate

    signals = cast(SignalsFile | None, models.get(FILE_NAME))
    roles_file = cast(RolesFile | None, models.get("roles.yaml"))
    skills_file = cast(SkillsFile | None, models.get("skills.yaml"))
    if signals is None:
        return []
    problems: list[Problem] = []

    def add(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(
            Problem(FILE_NAME, format_loc(loc), message, locate(kb_dir / FILE_NAME, loc))
        )

    if roles_file is not None:
        role_ids = {r.id for r in roles_file.roles}
        named: list[tuple[tuple[str | int, ...], str]] = [
            (("roles", i, "role"), r.role) for i, r in enumerate(signals.roles)
        ]
        named += [
            (("families", i, "roles", j), r)
            for i, f in enumerate(signals.families)
            for j, r in enumerate(f.roles)
        ]
        named += [
            (("signs", i, "roles", j), r)
            for i, s in enumerate(signals.signs)
            for j, r in enumerate(s.roles)
        ]
        for loc, rid in named:
            if rid not in role_ids:
                add(loc, f"unknown role '{rid}' (define it in roles.yaml)")
        in_family = {r for f in signals.families for r in f.roles}
        for rid in sorted(role_ids - in_family):
            add(("families",), f"role '{rid}' belongs to no family")
    if skills_file is not None:
        keywords = {k.strip().lower() for s in skills_file.skills for k in s.keywords}
        for i, e in enumerate(signals.exact_case):
            if e.keyword.strip().lower() not in keywords:
                add(("exact_case", i, "keyword"), f"'{e.keyword}' is no skill keyword")
    return problems
