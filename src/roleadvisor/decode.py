"""Read a job posting and say which role it really is.

Pure: text in, `DecodeResult` out. The vocabulary is data (skill keywords in skills.yaml, role
skills and signals in roles.yaml, phrases, titles and rules in signals.yaml); this module only
knows how to match it. Every distinct piece of evidence counts once, however often the posting
repeats it, and counts less when many roles share it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from typing import Any

from roleadvisor.errors import KnowledgeBaseError, UsageError
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.signals_models import FILE_NAME, SignalsFile

MAX_CHARS = 200_000  # a posting is a few thousand characters; refuse runaway input

# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    phrase: str  # as written in the posting
    quote: str  # the phrase with a little context
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


@dataclass(frozen=True)
class DecodeResult:
    title: str | None
    matches: list[RoleMatch]  # every role with evidence, best first
    skills: list[SkillFound]
    seniority: Seniority
    title_check: TitleCheck
    multi_role: MultiRoleFlag
    loop: LoopSummary | None

    @property
    def best(self) -> RoleMatch | None:
        return self.matches[0] if self.matches else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SkillCheck:
    """The posting's skills split by whether the person already has them."""

    met: list[str]
    missing: list[str]


# --- text preparation ----------------------------------------------------------------------

_HTML_HINT = re.compile(r"<\s*(html|body|div|p|br|li|ul|ol|h[1-6]|span|strong|b|section)\b", re.I)
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "title", "dd", "dt", "blockquote",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self.heading: str | None = None
        self._skip = 0
        self._capture: str | None = None
        self._captured: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS and tag != "head":
            self._skip += 1
        if tag in ("title", "h1") and self._capture is None:
            self._capture, self._captured = tag, []
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and tag != "head" and self._skip:
            self._skip -= 1
        if tag == self._capture:
            text = " ".join("".join(self._captured).split())
            if tag == "title" and self.title is None:
                self.title = text or None
            elif tag == "h1" and self.heading is None:
                self.heading = text or None
            self._capture = None
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._capture is not None:
            self._captured.append(data)
        if self._capture != "title":
            self.parts.append(data)


def html_to_text(raw: str) -> tuple[str, str | None]:
    """Plain text of an HTML page and its title (the first h1, else <title>)."""
    parser = _TextExtractor()
    parser.feed(raw)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text)
    return text.strip(), parser.heading or parser.title


def looks_like_html(raw: str) -> bool:
    return bool(_HTML_HINT.search(raw[:5000]))


# Same-length replacements, so positions in the matching text are positions in the original.
_FOLD = str.maketrans({
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u00a0": " ", "\u202f": " ",
})  # fmt: skip


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two; keep positions aligned
        low = "".join(c.lower()[:1] or c for c in text)
    return low.translate(_FOLD)


def canonical(phrase: str) -> str:
    return " ".join(re.split(r"[\s\-]+", phrase.strip().lower().translate(_FOLD))).strip()


# --- the compiled vocabulary ---------------------------------------------------------------

_BOUNDARY_AFTER = r"(?![\w+#])"


def _trie_pattern(keys: Iterable[str], plural: bool) -> str:
    """One regex for many phrases, shaped as a character trie so matching stays linear.

    A space in a phrase matches any run of spaces or hyphens (postings are hard-wrapped and
    spell "fine-tuning" both ways); a phrase ending in a letter may take a plural ending.
    """
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def end(last: str) -> str:
        suffix = "(?:e?s)?" if plural and last.isalpha() else ""
        return suffix + _BOUNDARY_AFTER

    def emit(node: dict[str, Any], last: str) -> str:
        alts = []
        for ch in sorted(k for k in node if k):
            token = r"[\s\-]+" if ch == " " else re.escape(ch)
            alts.append(token + emit(node[ch], ch))
        if not alts:
            return end(last)
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return "(?:" + body + "|" + end(last) + ")"  # longer phrases first
        return body

    return r"(?<!\w)" + emit(trie, "")


@dataclass(frozen=True)
class _Target:
    kind: str  # "skill" or "phrase"
    ref: str  # skill id or role id


@dataclass
class _Vocabulary:
    signals: SignalsFile
    terms: dict[str, list[_Target]]
    patterns: list[re.Pattern[str]]  # one per kind: a phrase never hides a skill inside it
    masks: re.Pattern[str] | None
    exact: list[tuple[re.Pattern[str], str]]  # (pattern on the original text, skill id)
    titles: list[tuple[list[re.Pattern[str]], int, str]]  # (parts, specificity, role id)
    seniority_titles: list[tuple[re.Pattern[str], str]]
    seniority_phrases: list[tuple[re.Pattern[str], str]]
    family_of: dict[str, str]
    role_phrases: dict[str, set[str]]
    role_skills: dict[str, set[str]]
    phrase_spec: dict[str, float]
    skill_spec: dict[str, float]
    possible: dict[str, float]
    scale: float


_CACHE: dict[int, tuple[KnowledgeBase, _Vocabulary]] = {}
_KINDS = ("skill", "phrase")


def _keys_of(terms: dict[str, list[_Target]], kind: str) -> list[str]:
    return [k for k, targets in terms.items() if any(t.kind == kind for t in targets)]


def signals_of(kb: KnowledgeBase) -> SignalsFile:
    model = kb.extras.get(FILE_NAME)
    if not isinstance(model, SignalsFile):
        raise KnowledgeBaseError([f"{FILE_NAME}: missing from the knowledge base"])
    return model


def _words(phrase: str) -> re.Pattern[str]:
    return re.compile(_trie_pattern([canonical(phrase)], plural=False))


def vocabulary(kb: KnowledgeBase) -> _Vocabulary:
    """The compiled matchers of a knowledge base, built once and cached."""
    cached = _CACHE.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    vocab = _build(kb)
    _CACHE[id(kb)] = (kb, vocab)
    return vocab


def _build(kb: KnowledgeBase) -> _Vocabulary:
    signals = signals_of(kb)
    weights = signals.scoring
    exact_keys = {canonical(e.keyword) for e in signals.exact_case}
    terms: dict[str, list[_Target]] = {}

    def add(phrase: str, target: _Target) -> None:
        key = canonical(phrase)
        if key and key not in exact_keys and target not in terms.setdefault(key, []):
            terms[key].append(target)

    for skill in kb.skills_file.skills:
        for keyword in skill.keywords:
            add(keyword, _Target("skill", skill.id))
    by_role = {s.role: s for s in signals.roles}
    role_phrases: dict[str, set[str]] = {}
    for role in kb.roles:
        phrases = list(by_role[role.id].phrases) if role.id in by_role else []
        role_phrases[role.id] = {canonical(p) for p in phrases if canonical(p)}
        for p in phrases:
            add(p, _Target("phrase", role.id))
    role_skills = {r.id: set(r.skills.items) for r in kb.roles}

    n_roles = max(len(kb.roles), 1)
    phrase_df: dict[str, int] = {}
    for keys in role_phrases.values():
        for k in keys:
            phrase_df[k] = phrase_df.get(k, 0) + 1
    skill_df: dict[str, int] = {}
    for skills in role_skills.values():
        for s in skills:
            skill_df[s] = skill_df.get(s, 0) + 1
    phrase_spec = {k: 1.0 / df for k, df in phrase_df.items()}
    skill_spec = {
        s: math.log(1 + n_roles / df) / math.log(1 + n_roles) for s, df in skill_df.items()
    }
    possible = {
        r: weights.phrase * sum(phrase_spec[k] for k in role_phrases[r])
        + weights.skill * sum(skill_spec[s] for s in role_skills[r])
        for r in role_skills
    }
    mean_possible = sum(possible.values()) / n_roles if possible else 1.0

    exact = []
    for e in signals.exact_case:
        skill_ids = [t.ref for t in _skill_targets_of(kb, e.keyword)]
        fence = re.escape(e.not_next_to)
        pattern = re.compile(rf"(?<![\w{fence}]){re.escape(e.written)}(?![\w{fence}])")
        exact += [(pattern, s) for s in skill_ids]

    titles = []
    for entry in signals.roles:
        for t in entry.titles:
            parts = [p.strip() for p in t.split(" + ") if p.strip()]
            titles.append(([_words(p) for p in parts], sum(len(p) for p in parts), entry.role))
    seniority_titles = [(_words(w), lv.id) for lv in signals.seniority for w in lv.title_words]
    seniority_phrases = [(_words(p), lv.id) for lv in signals.seniority for p in lv.phrases]
    mask_keys = [canonical(m) for m in signals.masks if canonical(m)]
    return _Vocabulary(
        signals=signals,
        terms=terms,
        patterns=[re.compile(_trie_pattern(_keys_of(terms, kind), plural=True)) for kind in _KINDS],
        masks=re.compile(_trie_pattern(mask_keys, plural=False)) if mask_keys else None,
        exact=exact,
        titles=titles,
        seniority_titles=seniority_titles,
        seniority_phrases=seniority_phrases,
        family_of={r: f.id for f in signals.families for r in f.roles},
        role_phrases=role_phrases,
        role_skills=role_skills,
        phrase_spec=phrase_spec,
        skill_spec=skill_spec,
        possible=possible,
        scale=mean_possible**weights.size_damping,
    )


def _skill_targets_of(kb: KnowledgeBase, keyword: str) -> list[_Target]:
    key = canonical(keyword)
    return [
        _Target("skill", s.id)
        for s in kb.skills_file.skills
        if any(canonical(k) == key for k in s.keywords)
    ]


# --- matching ------------------------------------------------------------------------------


def _quote(text: str, start: int, end: int, width: int) -> str:
    left = max(0, start - width)
    right = min(len(text), end + width)
    while left > 0 and not text[left - 1].isspace() and start - left < 2 * width:
        left -= 1  # whole words only
    while right < len(text) and not text[right].isspace() and right - end < 2 * width:
        right += 1
    snippet = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + snippet + ("…" if right < len(text) else "")


def _lookup(terms: dict[str, list[_Target]], matched: str) -> tuple[str, list[_Target]]:
    key = canonical(matched)
    for candidate in (key, key[:-2] if key.endswith("es") else "", key[:-1]):
        if candidate and candidate in terms:
            return candidate, terms[candidate]
    return key, []


@dataclass
class _Found:
    phrase_hits: dict[str, Evidence]  # canonical phrase -> first evidence
    skill_hits: dict[str, Evidence]  # skill id -> first evidence
    skill_keys: dict[str, set[str]]  # skill id -> canonical keywords found


def _find(text: str, vocab: _Vocabulary) -> _Found:
    width = vocab.signals.scoring.quote_chars
    low = _lower_same_length(text)
    if vocab.masks is not None:
        low = vocab.masks.sub(lambda m: " " * len(m.group(0)), low)
    found = _Found({}, {}, {})
    matches = (
        (kind, m)
        for kind, pattern in zip(_KINDS, vocab.patterns, strict=True)
        for m in pattern.finditer(low)
    )
    for kind, m in matches:
        key, targets = _lookup(vocab.terms, m.group(0))
        written = " ".join(text[m.start() : m.end()].split())
        for target in (t for t in targets if t.kind == kind):
            if target.kind == "phrase":
                if key not in found.phrase_hits:
                    quote = _quote(text, m.start(), m.end(), width)
                    found.phrase_hits[key] = Evidence(written, quote, "phrase")
            else:
                found.skill_keys.setdefault(target.ref, set()).add(key)
                if target.ref not in found.skill_hits:
                    quote = _quote(text, m.start(), m.end(), width)
                    found.skill_hits[target.ref] = Evidence(written, quote, "skill", target.ref)
    for pattern, skill in vocab.exact:
        em = pattern.search(text)
        if em is not None:
            found.skill_keys.setdefault(skill, set()).add(canonical(em.group(0)))
            if skill not in found.skill_hits:
                quote = _quote(text, em.start(), em.end(), width)
                found.skill_hits[skill] = Evidence(em.group(0), quote, "skill", skill)
    return found


def title_role(title: str | None, kb: KnowledgeBase) -> str | None:
    """The role a title names: the most specific title pattern that matches it."""
    if not title:
        return None
    vocab = vocabulary(kb)
    low = _lower_same_length(title)
    best: tuple[int, str] | None = None
    for parts, specificity, role in vocab.titles:
        if all(p.search(low) for p in parts) and (best is None or specificity > best[0]):
            best = (specificity, role)
    return best[1] if best else None


def _score(found: _Found, vocab: _Vocabulary, role: str) -> tuple[float, list[Evidence]]:
    weights = vocab.signals.scoring
    raw = 0.0
    evidence: list[Evidence] = []
    phrases = vocab.role_phrases.get(role, set())
    for key, ev in found.phrase_hits.items():
        if key in phrases:
            raw += weights.phrase * vocab.phrase_spec[key]
            evidence.append(ev)
    for skill, ev in found.skill_hits.items():
        if skill not in vocab.role_skills.get(role, set()):
            continue
        if found.skill_keys.get(skill, set()) <= phrases:
            continue  # already counted as the role's own phrase: one piece of evidence
        raw += weights.skill * vocab.skill_spec[skill]
        evidence.append(ev)
    damped = raw * vocab.scale / max(vocab.possible.get(role, 1.0), 1e-9) ** weights.size_damping
    return damped, evidence


def _seniority(title: str | None, text: str, vocab: _Vocabulary) -> Seniority:
    levels = vocab.signals.seniority
    order = {lv.id: i for i, lv in enumerate(levels)}
    names = {lv.id: lv.name for lv in levels}
    evidence: list[str] = []
    chosen: str | None = None
    if title:
        low = _lower_same_length(title)
        for pattern, level in vocab.seniority_titles:
            m = pattern.search(low)
            if m is not None:
                evidence.append(f'title: "{title[m.start() : m.end()]}"')
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
    low_text = _lower_same_length(text)
    for pattern, level in vocab.seniority_phrases:
        m = pattern.search(low_text)
        if m is not None:
            evidence.append(f'text: "{" ".join(text[m.start() : m.end()].split())}"')
            if chosen is None:
                chosen = level
    return Seniority(chosen, names.get(chosen) if chosen else None, years, evidence)


_YEARS = re.compile(
    r"(?<![\d.])(\d{1,2})\s*\+?\s*(?:(?:-|to)\s*\d{1,2}\s*\+?\s*)?(?:years|yrs)\b"
    r"(?:(?!\n\n).){0,60}?\b(?:experience|exp)\b",
    re.I | re.S,
)


def _years(text: str) -> int | None:
    """The years of experience the posting asks for (the largest minimum it names)."""
    found = [int(m.group(1)) for m in _YEARS.finditer(text.translate(_FOLD))]
    found = [y for y in found if 0 < y <= 25]
    return max(found) if found else None


# --- the whole reading ---------------------------------------------------------------------


def _first_line_title(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= 120 else None
    return None


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


def decode(raw: str, kb: KnowledgeBase, title: str | None = None) -> DecodeResult:
    """Score a posting against every role of the knowledge base and explain the reading."""
    text, title = prepare(raw, title)
    vocab = vocabulary(kb)
    weights = vocab.signals.scoring
    found = _find(text, vocab)
    named = title_role(title, kb)

    scored: list[tuple[float, str, list[Evidence]]] = []
    for role in kb.roles:
        score, evidence = _score(found, vocab, role.id)
        if role.id == named and title:
            score += weights.title
            evidence = [Evidence(title, title, "title"), *evidence]
        if evidence:
            scored.append((score, role.id, evidence))
    order = {r.id: i for i, r in enumerate(kb.roles)}
    scored.sort(key=lambda s: (-s[0], order[s[1]]))
    top_score = scored[0][0] if scored else 0.0
    matches = []
    for score, role_id, evidence in scored:
        role = kb.role(role_id)
        matches.append(
            RoleMatch(
                role=role.id,
                name=role.name,
                tier=role.tier,
                family=vocab.family_of.get(role.id, role.tier),
                score=round(score, 3),
                share=round(100 * score / top_score) if top_score > 0 else 0,
                evidence=evidence,
            )
        )
    skills_by_id = kb.skills
    skills = [
        SkillFound(sid, skills_by_id[sid].name, ev)
        for sid, ev in sorted(found.skill_hits.items(), key=lambda kv: kv[0])
        if sid in skills_by_id
    ]
    best = matches[0] if matches else None
    return DecodeResult(
        title=title,
        matches=matches,
        skills=skills,
        seniority=_seniority(title, text, vocab),
        title_check=_title_check(title, named, matches, vocab),
        multi_role=_multi_role(matches, vocab),
        loop=_loop(kb, best.role) if best else None,
    )


def _title_check(
    title: str | None, named: str | None, matches: list[RoleMatch], vocab: _Vocabulary
) -> TitleCheck:
    best = matches[0] if matches else None
    if named is None or best is None:
        return TitleCheck(title, named, best.role if best else None, "unknown")
    if best.role == named:
        return TitleCheck(title, named, best.role, "agrees")
    named_share = next((m.share for m in matches if m.role == named), 0)
    threshold = 100 * vocab.signals.scoring.title_mismatch
    if named_share >= threshold:
        return TitleCheck(title, named, best.role, "agrees")
    if vocab.family_of.get(named) == best.family:
        return TitleCheck(title, named, best.role, "refines")
    return TitleCheck(title, named, best.role, "disagrees")


def _multi_role(matches: list[RoleMatch], vocab: _Vocabulary) -> MultiRoleFlag:
    rule = vocab.signals.multi_role
    if not matches:
        return MultiRoleFlag(False, [], [], None)
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
        LoopRound(r.kind, r.title, " ".join(r.tests.split()), r.emphasis)
        for r in role.loop.rounds
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
    return set(_find(text, vocabulary(kb)).skill_hits)
