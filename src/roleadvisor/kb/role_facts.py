"""What the recommendation reads of every role, as plain values: its tier, its rated traits,
its key skills, its demand and the weeks of each documented move into it.

A recommendation scores every role and explains only the few it shows. The score needs a few
facts of each role's records (its transitions, its demand signals…); building those records
for 2,000 roles would cost a large knowledge base more than everything else `assess` does. So a
packed knowledge base (kb.packing) carries these facts ready, computed once from the records,
as one pickle of plain tuples, strings and numbers that is unpickled the first time a command
asks for it; a knowledge base that was not packed computes them from its roles on first use.
"""

from __future__ import annotations

import pickle
import sys
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from roleadvisor.kb.models import Role

# The rated traits an answer may weigh (questionnaire_models.Trait): fields of a role whose
# value has a level. tests/test_recommend.py checks the two lists agree.
TRAITS = ("coding_intensity", "research_reading")


class RoleFacts(NamedTuple):
    role: str  # the role's id
    tier: str
    tier_estimate: bool  # True when no document puts the role in its tier
    traits: dict[str, str]  # rated trait -> its level
    skills: tuple[str, ...]  # key skill ids, in the role's order
    supply_demand: str | None  # the market's level for job seekers, None: not rated
    sectors: dict[str, str]  # sector id -> demand level, in the role's order
    weeks: dict[str, tuple[int, int]]  # background id -> (min, max) weeks of the move


def facts_of(role: Role) -> RoleFacts:
    """The facts of one role, read from its records (or models)."""
    name = sys.intern  # ids repeat across roles: one string each keeps the pickle small
    traits = {}
    for trait in TRAITS:
        rating = getattr(role, trait, None)
        if rating is not None:
            traits[name(trait)] = name(str(rating.level.value))
    weeks: dict[str, tuple[int, int]] = {}
    for t in role.transitions:
        weeks.setdefault(name(t.background), (t.min_weeks, t.max_weeks))
    return RoleFacts(
        role=role.id,
        tier=name(role.tier),
        tier_estimate=role.tier_provenance.is_editorial,
        traits=traits,
        skills=tuple(name(s) for s in role.skills.items),
        supply_demand=name(role.supply_demand.level.value) if role.supply_demand else None,
        sectors={name(d.sector): name(d.level.value) for d in role.sector_demand},
        weeks=weeks,
    )


def pack_facts(facts: tuple[RoleFacts, ...]) -> bytes:
    """Roles' facts as the bytes a packed knowledge base carries."""
    return pickle.dumps(facts, pickle.HIGHEST_PROTOCOL)


def unpack_facts(payload: bytes) -> tuple[RoleFacts, ...]:
    """The facts `pack_facts` gave bytes for (only bytes proven our own, as the payload
    carrying them: unpickling runs code)."""
    facts = pickle.loads(payload)
    if not isinstance(facts, tuple):
        raise TypeError("not the facts of a knowledge base's roles")
    return facts
