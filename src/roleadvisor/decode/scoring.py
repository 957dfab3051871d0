"""Scoring and the decision: how much each role's evidence weighs, which role a title names,
and whether the posting is an AI role at all.

What the person will do all day weighs most: a role's duties count above its other phrases (a
little more when the job's own sections keep coming back to one, within a bound), its tools add
up only toward a cap, and phrases many roles share count less. A posting whose own sections show
no AI work is declined rather than forced onto a role; a title names a role only when they do.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from roleadvisor.decode.matching import Found
from roleadvisor.decode.results import Evidence, RoleMatch
from roleadvisor.decode.tables import Vocabulary, saturate, vocabulary
from roleadvisor.decode.text import contains, tokens

if TYPE_CHECKING:
    from roleadvisor.kb.base import KnowledgeBase


def title_role(title: str | None, kb: KnowledgeBase) -> str | None:
    """The role a title names: the most specific title pattern that matches it."""
    if not title:
        return None
    vocab = vocabulary(kb)
    words = [t.text for t in tokens(title)]
    best: tuple[int, str] | None = None
    for parts, specificity, role in vocab.titles:
        if all(contains(words, p) >= 0 for p in parts) and (best is None or specificity > best[0]):
            best = (specificity, role)
    return best[1] if best else None


def score(found: Found, vocab: Vocabulary, role: str) -> tuple[float, list[Evidence]]:
    """The role's evidence: duties (said again, a little more) over other phrases; tools."""
    weights = vocab.signals.scoring
    raw = 0.0
    evidence: list[tuple[float, Evidence]] = []
    phrases = vocab.role_phrases.get(role, set())
    duties = vocab.role_duties.get(role, set())
    for key, hit in found.phrase_hits.items():
        if key not in phrases:
            continue
        # a duty the text keeps coming back to is what the day is made of, within bounds
        if key in duties:
            said = min(found.said.get(key, 1), weights.repeat_cap)
            weight = weights.duty * (1.0 + weights.repeat * math.log(max(said, 1)))
        else:
            weight = weights.phrase
        raw += weight * vocab.phrase_spec[key] * hit.weight
        evidence.append((hit.weight, hit.evidence))
    tools = 0.0
    for skill, hit in found.skill_hits.items():
        if skill not in vocab.role_skills.get(role, set()):
            continue
        if found.skill_keys.get(skill, set()) <= phrases:
            continue  # already counted as the role's own phrase: one piece of evidence
        tools += weights.skill * vocab.skill_spec[skill] * hit.weight
        evidence.append((hit.weight, hit.evidence))
    raw += saturate(tools, weights.tool_cap)
    damped = raw * vocab.scale / max(vocab.possible.get(role, 1.0), 1e-9) ** weights.size_damping
    evidence.sort(key=lambda we: -we[0])  # what the job asks first, company blurb last
    return damped, [e for _, e in evidence]


def named_in_text(found: Found) -> str | None:
    """The role the job's own text names most often (the first named, on a tie)."""
    if not found.named:
        return None
    return max(found.named, key=lambda role: found.named[role])


def rank(
    found: Found, vocab: Vocabulary, kb: KnowledgeBase, title: str | None, named: str | None
) -> list[RoleMatch]:
    """Every role with evidence, best first; the title's role leads if the content bears it out."""
    weights = vocab.signals.scoring
    scored: list[tuple[float, str, list[Evidence]]] = []
    content = {r.id: score(found, vocab, r.id) for r in kb.roles}
    rule = vocab.signals.named_role
    shows_ai = found.context_count or vocab.signals.decline is None
    said = named_in_text(found) if rule is not None and shows_ai else None
    if rule is not None and said is not None and said in content:
        # the job's own text says which role it offers: the most direct evidence it has
        points, evidence = content[said]
        content[said] = (points + rule.weight, [found.named_hits[said].evidence, *evidence])
    top_content = max((s for s, _ in content.values()), default=0.0)
    for role in kb.roles:
        points, evidence = content[role.id]
        if role.id == named and title:
            points += weights.title
            if points - weights.title >= weights.title_mismatch * top_content:
                # the content bears the title out: the title's role leads
                points = max(points, top_content + weights.title)
            evidence = [Evidence(title, title, "title"), *evidence]
        if evidence and points > 0:
            scored.append((points, role.id, evidence))
    order = {r.id: i for i, r in enumerate(kb.roles)}
    scored.sort(key=lambda s: (-s[0], order[s[1]]))
    top_score = scored[0][0] if scored else 0.0
    matches = []
    for points, role_id, evidence in scored:
        role = kb.role(role_id)
        matches.append(
            RoleMatch(
                role=role.id,
                name=role.name,
                tier=role.tier,
                family=vocab.family_of.get(role.id, role.tier),
                score=round(points, 3),
                share=round(100 * points / top_score) if top_score > 0 else 0,
                evidence=evidence,
            )
        )
    return matches


def decline(found: Found, vocab: Vocabulary, matches: list[RoleMatch]) -> tuple[str, str | None]:
    """Whether the posting is an AI role at all, and enough of one to read; why not, if not."""
    rule = vocab.signals.decline
    if rule is None:
        return ("role", None) if matches else ("too-little", "Nothing matched any role.")
    own = sorted(" ".join(k) for k, w in found.context.items() if w >= rule.context_weight)
    elsewhere = sorted(" ".join(k) for k, w in found.context.items() if w < rule.context_weight)
    if found.context_count < rule.min_context:
        if own:
            detail = f"only {_listing(own)} in what the job asks"
        elif elsewhere:
            detail = (
                f"AI appears only in the company description or boilerplate ({_listing(elsewhere)})"
            )
        else:
            detail = "no AI or machine-learning work is mentioned"
        return "not-ai", f"Not an AI role: {detail}."
    hits = [*found.phrase_hits.values(), *found.skill_hits.values()]
    evidence = sum(1 for h in hits if h.weight >= rule.context_weight)
    if found.words < rule.min_words or evidence < rule.min_evidence or not matches:
        return "too-little", (
            f"Too little to go on: {found.words} words and {evidence} pieces of evidence "
            "in what the job asks; paste the whole posting."
        )
    return "role", None


def _listing(words: list[str], limit: int = 3) -> str:
    shown = ", ".join(f'"{w}"' for w in words[:limit])
    return shown + (f" and {len(words) - limit} more" if len(words) > limit else "")
