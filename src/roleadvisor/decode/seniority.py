"""Seniority: the level a posting asks for, from its title, years of experience and phrases."""

from __future__ import annotations

import re

from roleadvisor.decode.results import Seniority
from roleadvisor.decode.tables import Key, Vocabulary
from roleadvisor.decode.text import Token, contains, fold, tokens


def seniority(title: str | None, text: str, toks: list[Token], vocab: Vocabulary) -> Seniority:
    levels = vocab.signals.seniority
    order = {lv.id: i for i, lv in enumerate(levels)}
    names = {lv.id: lv.name for lv in levels}
    evidence: list[str] = []
    chosen: str | None = None
    if title:
        title_toks = tokens(title)
        title_words = [t.text for t in title_toks]
        for key, level in vocab.seniority_titles:
            i = contains(title_words, key)
            if i >= 0:
                written = title[title_toks[i].start : title_toks[i + len(key) - 1].end]
                evidence.append(f'title: "{written}"')
                if chosen is None or order[level] > order[chosen]:
                    chosen = level
    years = _years(text)
    if years is not None:
        evidence.append(f"asks for {years}+ years of experience")
        if chosen is None:
            for lv in levels:
                top = lv.max_years if lv.max_years is not None else 99
                if (lv.min_years or lv.max_years is not None) and lv.min_years <= years <= top:
                    chosen = lv.id
                    break
    seen: set[Key] = set()
    for i, n, key in vocab.seniority_phrases.scan([t.text for t in toks]):
        if key in seen:
            continue
        seen.add(key)
        evidence.append(f'text: "{" ".join(text[toks[i].start : toks[i + n - 1].end].split())}"')
        if chosen is None:
            chosen = vocab.seniority_phrases.items[key][0].ref
    return Seniority(chosen, names.get(chosen) if chosen else None, years, evidence)


# Every repetition is bounded or separated by a required token, so a long run of spaces or
# digits cannot make the engine backtrack over it again and again.
_YEARS = re.compile(
    r"(?<![\d.])(\d{1,2})[ \t]{0,3}\+?[ \t]{0,3}"
    r"(?:(?:-|to)[ \t]{0,3}\d{1,2}[ \t]{0,3}\+?[ \t]{0,3})?"
    r"(?:years|yrs)\b(?:(?!\n\n).){0,60}?\b(?:experience|exp)\b",
    re.I | re.S,
)


def _years(text: str) -> int | None:
    """The years of experience the posting asks for (the largest minimum it names)."""
    found = [int(m.group(1)) for m in _YEARS.finditer(fold(text))]
    found = [y for y in found if 0 < y <= 25]
    return max(found) if found else None
