"""The whole reading of a posting: text in, `DecodeResult` out.

Prepares the text (HTML converted, size bounded, header line known), finds the evidence,
ranks the roles, decides whether to name one, and adds what the reading implies: whether the
title agrees with the content, whether the posting spans several role families, the seniority
it asks for and the interview loop to expect.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from roleadvisor.decode.matching import find
from roleadvisor.decode.results import (
    DecodeResult,
    LoopRound,
    LoopSummary,
    MultiRoleFlag,
    RoleMatch,
    SkillCheck,
    SkillFound,
    TitleCheck,
)
from roleadvisor.decode.scoring import decline, rank, title_role
from roleadvisor.decode.seniority import seniority
from roleadvisor.decode.tables import Vocabulary, vocabulary
from roleadvisor.decode.text import html_to_text, looks_like_html
from roleadvisor.errors import UsageError

if TYPE_CHECKING:
    from roleadvisor.kb.base import KnowledgeBase

MAX_CHARS = 200_000  # a posting is a few thousand characters; refuse runaway input


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line
    return None


def _first_line_title(text: str) -> str | None:
    line = _first_line(text)
    return line if line and len(line) <= 120 else None


def prepare(raw: str, title: str | None = None) -> tuple[str, str | None]:
    """The plain text of a posting (HTML converted) and its title (given, or found)."""
    if len(raw) > MAX_CHARS:
        raise UsageError(
            f"The posting is {len(raw):,} characters; the limit is {MAX_CHARS:,}. "
            "Give the posting's text, not a whole web site."
        )
    text, html_title = html_to_text(raw) if looks_like_html(raw) else (raw, None)
    if not text.strip():
        raise UsageError("The posting is empty. Give a file with the job description's text.")
    chosen = title or html_title or _first_line_title(text)
    return text, (" ".join(chosen.split()) if chosen else None)


def _is_header(text: str, title: str | None) -> bool:
    """Whether the first line only names the job (never evidence, never a quote)."""
    first = _first_line(text)
    if first is None or title is None or first.endswith((".", "!", "?")):
        return False
    if not text.strip()[len(first) :].strip():
        return False  # a one-line posting is all body
    return " ".join(first.split()).lower() == title.lower() or (
        len(first) <= 120 and title.lower() in first.lower()
    )


def decode(raw: str, kb: KnowledgeBase, title: str | None = None) -> DecodeResult:
    """Score a posting against every role of the knowledge base and explain the reading."""
    text, title = prepare(raw, title)
    vocab = vocabulary(kb)
    found = find(text, vocab, skip_first_line=_is_header(text, title))
    # a title names a role only when the job's own text shows AI work
    named = title_role(title, kb) if found.context_count or vocab.signals.decline is None else None
    matches = rank(found, vocab, kb, title, named)
    skills_by_id = kb.skills
    asks = vocab.signals.asks_weight
    skills = [
        SkillFound(sid, skills_by_id[sid].name, hit.evidence)
        for sid, hit in sorted(found.skill_hits.items(), key=lambda kv: kv[0])
        if sid in skills_by_id and hit.weight >= asks
    ]
    outcome, reason = decline(found, vocab, matches)
    best = matches[0] if matches and outcome == "role" else None
    return DecodeResult(
        title=title,
        matches=matches,
        skills=skills,
        seniority=seniority(title, text, found.toks, vocab),
        title_check=_title_check(title, named, matches if best else [], vocab),
        multi_role=_multi_role(matches if best else [], vocab),
        loop=_loop(kb, best.role) if best else None,
        outcome=outcome,
        reason=reason,
    )


def _title_check(
    title: str | None, named: str | None, matches: list[RoleMatch], vocab: Vocabulary
) -> TitleCheck:
    best = matches[0] if matches else None
    if named is None or best is None:
        return TitleCheck(title, named, best.role if best else None, "unknown")
    if best.role == named:
        return TitleCheck(title, named, best.role, "agrees")
    # the title's role leads whenever the content bears it out (scoring.rank), so a title
    # whose role does not lead is one the content reads otherwise
    if vocab.family_of.get(named) == best.family:
        return TitleCheck(title, named, best.role, "refines")
    return TitleCheck(title, named, best.role, "disagrees")


def _multi_role(matches: list[RoleMatch], vocab: Vocabulary) -> MultiRoleFlag:
    rule = vocab.signals.multi_role
    if not matches:
        return MultiRoleFlag(False, [], [], None, [])
    top = matches[0].score
    close = [
        m
        for m in matches
        if m.score >= rule.within * top
        and sum(1 for e in m.evidence if e.kind != "title") >= rule.min_evidence
    ]
    per_family: dict[str, RoleMatch] = {}
    for m in close:
        per_family.setdefault(m.family, m)  # matches are best first
    roles = [m.role for m in per_family.values()]
    flagged = len(per_family) >= rule.min_families and len(close) >= rule.min_roles
    shares = {m.role: m.score / top if top > 0 else 0.0 for m in matches}
    signs = [
        {"id": s.id, "meaning": " ".join(s.meaning.text.split())}
        for s in vocab.signals.signs
        if all(shares.get(r, 0.0) >= s.within for r in s.roles)
    ]
    if signs and not flagged:  # a named pattern is a multi-role posting by definition
        flagged = True
        roles = [r for s in vocab.signals.signs if s.id == signs[0]["id"] for r in s.roles]
    meaning = " ".join(rule.meaning.text.split()) if flagged else None
    return MultiRoleFlag(flagged, roles if flagged else [], list(per_family), meaning, signs)


def _loop(kb: KnowledgeBase, role_id: str) -> LoopSummary:
    role = kb.role(role_id)
    rounds = [
        LoopRound(r.kind, r.title, " ".join(r.tests.split()), r.emphasis) for r in role.loop.rounds
    ]
    return LoopSummary(role.id, role.name, " ".join(role.loop.emphasis.text.split()), rounds)


def check_skills(result: DecodeResult, have: Iterable[str]) -> SkillCheck:
    """Which of the skills the posting asks for the person has, and which they lack."""
    owned = set(have)
    asked = [s.skill for s in result.skills]
    return SkillCheck(
        met=[s for s in asked if s in owned], missing=[s for s in asked if s not in owned]
    )


def skills_in(text: str, kb: KnowledgeBase) -> set[str]:
    """The skill ids a short text names (a skill list, a line of a CV) by the same matching."""
    return set(find(text, vocabulary(kb)).skill_hits)
