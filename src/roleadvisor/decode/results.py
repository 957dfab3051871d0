"""What a reading of a posting returns: immutable records, ready for a view or for JSON.

Named tuples rather than dataclasses: a process defines these classes on every `decode`, and
a named tuple costs a fraction of a frozen dataclass to define.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Evidence(NamedTuple):
    phrase: str  # as written in the posting
    quote: str  # the sentence or bullet it stands in, line breaks kept
    kind: str  # "phrase" (role vocabulary), "skill", "title" or "named" (the job's text names it)
    skill: str | None = None


class RoleMatch(NamedTuple):
    role: str
    name: str
    tier: str
    family: str
    score: float
    share: int  # score as a percentage of the best match
    evidence: list[Evidence]


class SkillFound(NamedTuple):
    skill: str
    name: str
    evidence: Evidence


class Seniority(NamedTuple):
    level: str | None
    name: str | None
    years: int | None
    evidence: list[str]


class TitleCheck(NamedTuple):
    title: str | None
    title_role: str | None
    content_role: str | None
    verdict: str  # "agrees", "refines" (same family), "disagrees", "unknown"


class MultiRoleFlag(NamedTuple):
    flagged: bool
    roles: list[str]
    families: list[str]
    meaning: str | None
    signs: list[dict[str, str]]


class LoopRound(NamedTuple):
    kind: str
    title: str
    tests: str
    emphasis: int


class LoopSummary(NamedTuple):
    role: str
    name: str
    emphasis: str
    rounds: list[LoopRound]


OUTCOMES = ("role", "not-ai", "too-little")


class DecodeResult(NamedTuple):
    title: str | None
    matches: list[RoleMatch]  # every role with evidence, best first
    skills: list[SkillFound]  # the skills the job asks for (not those of the company blurb)
    seniority: Seniority
    title_check: TitleCheck
    multi_role: MultiRoleFlag
    loop: LoopSummary | None
    outcome: str = "role"  # one of OUTCOMES: a role, not an AI role, too little to go on
    reason: str | None = None  # one line: why decode declined

    @property
    def best(self) -> RoleMatch | None:
        """The role the posting reads as; None when decode declined to name one."""
        if self.outcome != "role":
            return None
        return self.matches[0] if self.matches else None

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionaries and lists all the way down, in field order (for JSON)."""
        plain = _plain(self)
        assert isinstance(plain, dict)
        return plain


class SkillCheck(NamedTuple):
    """The posting's skills split by whether the person already has them."""

    met: list[str]
    missing: list[str]


def _plain(value: Any) -> Any:
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {k: _plain(v) for k, v in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
