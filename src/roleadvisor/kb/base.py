"""The knowledge base: the validated files and their look-ups.

Loading it (from the validated cache or in full) is kb.cache.load_kb; a command reads the
records of kb.records, which answer like the models named in the type hints here. Full
validation, with the checks across files, is kb.validation.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from roleadvisor.errors import KnowledgeBaseError, UnknownRoleError
from roleadvisor.kb.files import QUESTIONNAIRE_FILE, STUDY_FILE
from roleadvisor.kb.role_facts import RoleFacts, facts_of, unpack_facts

if TYPE_CHECKING:
    from roleadvisor.kb.models import (
        AssessmentFile,
        Background,
        Landscape,
        Role,
        Skill,
        SkillsFile,
        SourceDoc,
        Tier,
    )
    from roleadvisor.kb.questionnaire_models import Questionnaire
    from roleadvisor.kb.study_models import StudyFile


# Where a packed knowledge base keeps its roles' facts, pickled, in the instance dictionary: a
# copy made with dataclasses.replace (other roles, perhaps) does not take them along.
PACKED_FACTS = "_packed_role_facts"


def role_key(name: str) -> str:
    """Role look-up is case-, space- and underscore-insensitive."""
    return "-".join(name.strip().lower().replace("_", " ").replace("/", " ").split())


@dataclass(frozen=True)
class KnowledgeBase:
    directory: Path
    roles: tuple[Role, ...]
    landscape: Landscape
    skills_file: SkillsFile
    assessment: AssessmentFile
    extras: dict[str, Any] = field(default_factory=dict)
    _by_key: dict[str, Role] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for role in self.roles:
            for name in (role.id, role.name, *role.aliases):
                self._by_key.setdefault(role_key(name), role)

    # --- look-ups ---------------------------------------------------------------------------

    def role(self, name: str) -> Role:
        """A role by id, alias or name, in any case; unknown names raise with suggestions."""
        found = self._by_key.get(role_key(name))
        if found is None:
            close = difflib.get_close_matches(role_key(name), list(self._by_key), n=3, cutoff=0.6)
            ids = list(dict.fromkeys(self._by_key[c].id for c in close))
            raise UnknownRoleError(name, ids)
        return found

    def roles_by_tier(self) -> dict[Tier, list[Role]]:
        grouped: dict[Tier, list[Role]] = {t.id: [] for t in self.landscape.tiers}
        for role in self.roles:
            grouped.setdefault(role.tier, []).append(role)
        return grouped

    # The look-ups below are asked once per role by the recommendation: each is built once
    # (cached on the instance), or a large knowledge base would rebuild it thousands of times.

    @cached_property
    def sources(self) -> dict[str, SourceDoc]:
        return {s.id: s for s in self.landscape.sources}

    @cached_property
    def skills(self) -> dict[str, Skill]:
        return {s.id: s for s in self.skills_file.skills}

    @property
    def sector_names(self) -> dict[str, str]:
        """Sector id -> name, in landscape.yaml's order."""
        return {s.id: s.name for s in self.landscape.sectors}

    @property
    def round_names(self) -> dict[str, str]:
        """Round kind id -> label, in the order loops are compared."""
        return {k.id: k.name for k in self.landscape.round_kinds}

    @property
    def dimension_names(self) -> dict[str, str]:
        """Self-assessment dimension id -> name, in assessment.yaml's order."""
        return {d.id: d.name for d in self.assessment.dimensions}

    @cached_property
    def backgrounds(self) -> dict[str, Background]:
        return {b.id: b for b in self.skills_file.backgrounds}

    @cached_property
    def role_facts(self) -> tuple[RoleFacts, ...]:
        """What the recommendation reads of each role, in the order of `roles`: as packed
        (kb.packing puts them under PACKED_FACTS), else computed from the roles."""
        packed = self.__dict__.get(PACKED_FACTS)
        if packed is not None:
            return unpack_facts(packed)
        return tuple(facts_of(r) for r in self.roles)

    @cached_property
    def _by_id(self) -> dict[str, Role]:
        return {r.id: r for r in self.roles}

    def background_skills(self, background_id: str) -> list[str]:
        """The skills a person of this background usually has: those listed, and for a
        background that is a role of the knowledge base, that role's key skills too."""
        bg = self.backgrounds.get(background_id)
        if bg is None:
            return []
        found = list(bg.skills)
        if bg.role is not None:
            role = self._by_id.get(bg.role)
            if role is not None:
                found.extend(s for s in role.skills.items if s not in found)
        return found

    def _extra(self, name: str) -> Any:
        """A file beyond the core four, validated like every file of the knowledge base."""
        found = self.extras.get(name)
        if found is None:
            raise KnowledgeBaseError([f"{name} is missing from {self.directory}"])
        return found

    @property
    def questionnaire(self) -> Questionnaire:
        """questionnaire.yaml: the questions and the recommendation's scoring table."""
        return cast("Questionnaire", self._extra(QUESTIONNAIRE_FILE))

    @property
    def study(self) -> StudyFile:
        """study.yaml: how plans are laid out and reviews spaced."""
        return cast("StudyFile", self._extra(STUDY_FILE))

    def is_editorial(self, source: tuple[str, ...]) -> bool:
        docs = self.sources
        return all(docs[s].kind == "editorial" for s in source if s in docs)

    def confusions_for(self, role_ids: list[str]) -> list[tuple[str, str]]:
        """Distinctions of the known confusions whose roles are all among `role_ids`."""
        chosen = set(role_ids)
        return [
            (c.id, c.distinction.text)
            for c in self.landscape.confusions
            if len(chosen & set(c.roles)) >= 2
        ]
