"""What a reading of a posting returns: plain frozen records, ready for a view or for JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Evidence:
    phrase: str  # as written in the posting
    quote: str  # the sentence or bullet it stands in, line breaks kept
    kind: str  # "phrase" (role vocabulary), "skill" or "title"
    skill: str | None = None


@dataclass(frozen=True)
class RoleMatch:
    role: str
    name: str
    tier: str
    family: str
    score: float
    share: int  # score as a percentage of the best match
    evidence: list[Evidence]


@dataclass(frozen=True)
class SkillFound:
    skill: str
    name: str
    evidence: Evidence


@dataclass(frozen=True)
class Seniority:
    level: str | None
    name: str | None
    years: int | None
    evidence: list[str]


@dataclass(frozen=True)
class TitleCheck:
    title: str | None
    title_role: str | None
    content_role: str | None
    verdict: str  # "agrees", "refines" (same family), "disagrees", "unknown"


@dataclass(frozen=True)
class MultiRoleFlag:
    flagged: bool
    roles: list[str]
    families: list[str]
    meaning: str | None
    signs: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class LoopRound:
    kind: str
    title: str
    tests: str
    emphasis: int


@dataclass(frozen=True)
class LoopSummary:
    role: str
    name: str
    emphasis: str
    rounds: list[LoopRound]


OUTCOMES = ("role", "not-ai", "too-little")


@dataclass(frozen=True)
class DecodeResult:
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
        return asdict(self)


@dataclass(frozen=True)
class SkillCheck:
    """The posting's skills split by whether the person already has them."""

    met: list[str]
    missing: list[str]
